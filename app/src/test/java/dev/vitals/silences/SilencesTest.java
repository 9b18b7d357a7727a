package dev.vitals.silences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The silencing stage with a settable clock, on SQLite. */
class SilencesTest {
    private static final Map<String, String> ERP = Map.of("service", "erp", "monitor", "erp-web");

    @TempDir
    Path dir;

    final SettableClock clock = SettableClock.at("2026-11-24T10:00:00Z");
    TestDatabases.Handle handle;
    Database db;
    Silences silences;

    @BeforeEach
    void open() {
        handle = TestDatabases.open("sqlite", dir);
        db = handle.open();
        silences = new Silences(new SilenceStore(db), clock);
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    private Silence create(String body) {
        return silences.create(SilenceRequest.fromJson(body), "ada");
    }

    @Test
    void aSilenceIsPendingThenActiveThenExpired() {
        Silence s = create("{\"matchers\": [\"service=erp\"], \"starts_at\": \"2026-11-24T11:00:00Z\","
                + " \"duration\": \"2h\", \"comment\": \"patching\"}");
        assertThat(s.endsAt()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThat(s.state(clock.instant())).isEqualTo(Silence.State.PENDING);
        assertThat(silences.muting(ERP, clock.instant())).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(s.state(clock.instant())).isEqualTo(Silence.State.ACTIVE);
        assertThat(silences.muting(ERP, clock.instant())).contains(s);
        clock.advance(Duration.ofHours(2));
        assertThat(s.state(clock.instant())).isEqualTo(Silence.State.EXPIRED);
        assertThat(silences.muting(ERP, clock.instant())).isEmpty();
    }

    @Test
    void aStartInThePastMeansNow() {
        Silence s = create("{\"matchers\": [\"service=erp\"], \"starts_at\": \"2026-01-01T00:00:00Z\","
                + " \"ends_at\": \"2026-11-25T00:00:00Z\", \"comment\": \"x\"}");
        assertThat(s.startsAt()).isEqualTo(clock.instant());
    }

    @Test
    void onlyAlertsWhoseLabelsMatchEveryMatcherAreMuted() {
        create(
                "{\"matchers\": [\"service=erp\", \"monitor=~\\\"erp-.*\\\"\"], \"duration\": \"1h\", \"comment\": \"x\"}");
        assertThat(silences.muting(ERP, clock.instant())).isPresent();
        assertThat(silences.muting(Map.of("service", "erp", "monitor", "crm-web"), clock.instant()))
                .isEmpty();
    }

    @Test
    void expiringASilenceUnmutesAtOnceAndKeepsItListed() {
        Silence s = create("{\"matchers\": [\"service=erp\"], \"duration\": \"1h\", \"comment\": \"x\"}");
        clock.advance(Duration.ofMinutes(10));
        Silence expired = silences.expire(s.id()).orElseThrow();
        assertThat(expired.endsAt()).isEqualTo(clock.instant());
        assertThat(silences.muting(ERP, clock.instant())).isEmpty();
        assertThat(silences.list(Silence.State.EXPIRED, 10))
                .extracting(Silence::id)
                .containsExactly(s.id());
        assertThat(silences.list(Silence.State.ACTIVE, 10)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(silences.expire(s.id()).orElseThrow().endsAt()).isEqualTo(expired.endsAt());
    }

    @Test
    void expiringAPendingSilenceEndsItWithoutEndingBeforeItStarts() {
        Silence s = create("{\"matchers\": [\"service=erp\"], \"starts_at\": \"2026-11-25T10:00:00Z\","
                + " \"duration\": \"1h\", \"comment\": \"x\"}");
        Silence expired = silences.expire(s.id()).orElseThrow();
        assertThat(expired.startsAt()).isEqualTo(clock.instant());
        assertThat(expired.endsAt()).isEqualTo(clock.instant());
    }

    @Test
    void aChangeByAnotherNodeIsSeenWithinTheRefreshInterval() {
        Silences other = new Silences(new SilenceStore(db), clock);
        assertThat(silences.muting(ERP, clock.instant())).isEmpty();
        other.create(
                SilenceRequest.fromJson("{\"matchers\": [\"service=erp\"], \"duration\": \"1h\", \"comment\": \"x\"}"),
                "bob");
        assertThat(silences.muting(ERP, clock.instant()))
                .as("still the copy read a moment ago")
                .isEmpty();
        clock.advance(Silences.REFRESH);
        assertThat(silences.muting(ERP, clock.instant())).isPresent();
    }

    @Test
    void aDatabaseThatCannotBeReadKeepsTheKnownSilencesRatherThanUnmutingEverything() {
        create("{\"matchers\": [\"service=erp\"], \"duration\": \"1h\", \"comment\": \"x\"}");
        db.close();
        clock.advance(Silences.REFRESH);
        assertThat(silences.muting(ERP, clock.instant())).isPresent();
    }

    @Test
    void aSilenceThatWouldMuteEverythingIsRefused() {
        assertThatThrownBy(() -> create("{\"matchers\": [\"service=~\\\".*\\\"\", \"team!=x\"], \"duration\": \"1h\","
                        + " \"comment\": \"x\"}"))
                .isInstanceOf(SilenceException.class)
                .hasMessageContaining("must not match the empty string");
    }

    @Test
    void aSilenceEndsAfterItStartsAndWithinNinetyDays() {
        assertThatThrownBy(() -> create("{\"matchers\": [\"a=b\"], \"starts_at\": \"2026-11-25T00:00:00Z\","
                        + " \"ends_at\": \"2026-11-24T12:00:00Z\", \"comment\": \"x\"}"))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("ends_at");
        assertThatThrownBy(() -> create("{\"matchers\": [\"a=b\"], \"duration\": \"91d\", \"comment\": \"x\"}"))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("duration");
        assertThatThrownBy(() ->
                        create("{\"matchers\": [\"a=b\"], \"ends_at\": \"2027-06-01T00:00:00Z\", \"comment\": \"x\"}"))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("ends_at");
    }

    @Test
    void aRequestNeedsACommentAndAnEnd() {
        assertThatThrownBy(() -> SilenceRequest.fromJson("{\"matchers\": [\"a=b\"], \"duration\": \"1h\"}"))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("comment");
        assertThatThrownBy(() -> SilenceRequest.fromJson("{\"matchers\": [\"a=b\"], \"comment\": \"x\"}"))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("ends_at");
        assertThatThrownBy(() -> SilenceRequest.fromJson("{\"matchers\": [\"a=b\"], \"comment\": \"x\", \"until\": 1}"))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("until");
    }
}

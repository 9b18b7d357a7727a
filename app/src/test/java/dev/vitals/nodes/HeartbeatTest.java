package dev.vitals.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path dir;

    SettableClock clock = new SettableClock(T0);
    TestDatabases.Handle handle;
    Database db;

    @BeforeEach
    void open() {
        handle = TestDatabases.open("sqlite", dir);
        db = handle.open();
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    @Test
    void theFirstStartEverHasNoGap() {
        assertThat(new Heartbeat(db, clock, "n1").register()).isEmpty();
    }

    @Test
    void aKilledNodeLeavesAGapFromItsLastHeartbeatToTheRestart() {
        Heartbeat first = new Heartbeat(db, clock, "n1");
        first.register();
        clock.advance(Duration.ofSeconds(5));
        first.beat();
        clock.advance(Duration.ofMinutes(1));

        Optional<Heartbeat.Gap> gap = new Heartbeat(db, clock, "n1").register();

        assertThat(gap).contains(new Heartbeat.Gap(T0.plusSeconds(5), T0.plusSeconds(65), "crashed or killed"));
    }

    @Test
    void resultsWrittenAfterTheLastHeartbeatMoveTheStartOfTheGap() {
        new Heartbeat(db, clock, "n1").register();
        clock.advance(Duration.ofMinutes(1));

        Optional<Heartbeat.Gap> gap = new Heartbeat(db, clock, "n1").register(Optional.of(T0.plusSeconds(4)));

        assertThat(gap.orElseThrow().from()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void aCleanStopIsAGapTooButSaysSo() {
        Heartbeat first = new Heartbeat(db, clock, "n1");
        first.register();
        clock.advance(Duration.ofSeconds(30));
        first.stopped();
        clock.advance(Duration.ofMinutes(10));

        Heartbeat.Gap gap = new Heartbeat(db, clock, "n1").register().orElseThrow();

        assertThat(gap.from()).isEqualTo(T0.plusSeconds(30));
        assertThat(gap.cause()).isEqualTo("stopped");
    }

    @Test
    void noGapWhileAnotherNodeKeptRunning() {
        Heartbeat other = new Heartbeat(db, clock, "n2");
        other.register();
        Heartbeat mine = new Heartbeat(db, clock, "n1");
        mine.register();
        clock.advance(Duration.ofMinutes(5));
        other.beat();
        clock.advance(Duration.ofSeconds(3));

        assertThat(new Heartbeat(db, clock, "n1").register()).isEmpty();
    }
}

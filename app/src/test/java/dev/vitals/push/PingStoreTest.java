package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.store.Database;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The pings' tables on both databases: what a restart reads back, pruning, and made keys. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class PingStoreTest {
    static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    PingStore store;

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
        store = new PingStore(db);
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    static Ping ping(String monitor, int minute, Ping.Kind kind) {
        return new Ping(
                monitor,
                T0.plusSeconds(60L * minute),
                kind,
                Optional.empty(),
                Optional.empty(),
                "log " + minute,
                false,
                "x");
    }

    @Test
    void aRestartReadsEachMonitorsPingsFromItsLastRunsEndOnWithoutLogs() {
        store.insert(List.of(
                ping("a", 0, Ping.Kind.START),
                ping("a", 1, Ping.Kind.SUCCESS),
                ping("a", 2, Ping.Kind.START),
                ping("a", 3, Ping.Kind.FAIL),
                ping("a", 4, Ping.Kind.LOG),
                ping("a", 5, Ping.Kind.START),
                ping("b", 0, Ping.Kind.START)));
        var since = store.sinceLastEnd();
        assertThat(since.get("a")).extracting(Ping::kind).containsExactly(Ping.Kind.FAIL, Ping.Kind.START);
        // Never ended: everything it sent.
        assertThat(since.get("b")).extracting(Ping::kind).containsExactly(Ping.Kind.START);
        assertThat(since).doesNotContainKey("c");
    }

    @Test
    void pruningKeepsTheLastRunsOfEachMonitorAndWhatCameAfter() {
        List<Ping> pings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pings.add(ping("a", 2 * i, Ping.Kind.START));
            pings.add(ping("a", 2 * i + 1, Ping.Kind.SUCCESS));
        }
        pings.add(ping("a", 20, Ping.Kind.LOG));
        pings.add(ping("b", 0, Ping.Kind.SUCCESS));
        store.insert(pings);
        int deleted = store.prune(2);
        // a keeps its last two ends (minutes 7 and 9), what came between and after; b has fewer than two.
        assertThat(deleted).isEqualTo(7);
        assertThat(store.recent("a", 100))
                .extracting(s -> s.ping().at())
                .containsExactly(
                        T0.plusSeconds(60 * 20),
                        T0.plusSeconds(60 * 9),
                        T0.plusSeconds(60 * 8),
                        T0.plusSeconds(60 * 7));
        assertThat(store.recent("b", 100)).hasSize(1);
    }

    @Test
    void aMadeKeyIsMadeOnceAndKept() {
        UUID first = store.keyFor("backup", UUID.randomUUID(), T0);
        UUID again = store.keyFor("backup", UUID.randomUUID(), T0);
        assertThat(again).isEqualTo(first);
        assertThat(store.keys()).containsEntry("backup", first);
    }
}

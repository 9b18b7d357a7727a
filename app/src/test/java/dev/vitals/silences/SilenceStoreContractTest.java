package dev.vitals.silences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.store.Database;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same expectations of the {@code silences} table on every database. */
class SilenceStoreContractTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static Silence silence(String id, Instant start, Instant end) {
        return new Silence(
                id,
                List.of(Matchers.parse("m", "service=~\"erp|crm\""), Matchers.parse("m", "team!=\"it\"")),
                start,
                end,
                "ada",
                "patching \"erp\"",
                T0,
                T0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aSilenceIsSavedReadListedAndExpired(String backend, @TempDir Path dir) {
        try (TestDatabases.Handle handle = TestDatabases.open(backend, dir);
                Database db = handle.open()) {
            SilenceStore store = new SilenceStore(db);
            Silence active = silence("a", T0, T0.plusSeconds(3600));
            Silence pending = silence("p", T0.plusSeconds(600), T0.plusSeconds(7200));
            Silence old = silence("o", T0.minusSeconds(7200), T0.minusSeconds(3600));
            store.insert(active);
            store.insert(pending);
            store.insert(old);

            assertThat(store.get("a")).contains(active);
            assertThat(store.get("nope")).isEmpty();
            assertThat(store.current(T0)).containsExactly(active, pending);
            assertThat(store.expired(T0, 10)).containsExactly(old);

            Instant later = T0.plusSeconds(60);
            assertThat(store.expire("a", later)).isTrue();
            assertThat(store.expire("a", later.plusSeconds(1)))
                    .as("already expired")
                    .isFalse();
            assertThat(store.expire("p", later)).isTrue();
            assertThat(store.get("p").orElseThrow().startsAt()).isEqualTo(later);
            assertThat(store.current(later)).isEmpty();
            assertThat(store.expired(later, 10)).extracting(Silence::id).containsExactly("a", "p", "o");
            assertThat(store.expired(later, 1)).hasSize(1);
            assertThat(store.get("a").orElseThrow().updatedAt()).isEqualTo(later);
        }
    }
}

package dev.vitals.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class DatabaseContractTest {
    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    @Test
    void migrationsCreateTheCoreTables() {
        long n = db.read(c ->
                Sql.one(c, "SELECT count(*) FROM results", rs -> rs.getLong(1)).orElseThrow());
        assertThat(n).isZero();
        assertThat(db.ping()).isTrue();
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        assertThatThrownBy(() -> db.write(c -> {
                    Sql.update(c, "INSERT INTO gaps (from_at, to_at, cause) VALUES (?, ?, ?)", 1L, 2L, "test");
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);
        long gaps = db.read(c ->
                Sql.one(c, "SELECT count(*) FROM gaps", rs -> rs.getLong(1)).orElseThrow());
        assertThat(gaps).isZero();
    }

    @Test
    void upsertAndReturningWorkTheSameOnBothDatabases() {
        long mid = db.write(c -> Sql.one(
                        c,
                        "INSERT INTO monitors (id, origin, created_at, updated_at) VALUES (?, 'file', 1, 1) RETURNING mid",
                        rs -> rs.getLong(1),
                        "web")
                .orElseThrow());
        db.write(c -> Sql.update(
                c,
                "INSERT INTO monitor_state (mid, state, since, updated_at) VALUES (?, 'up', 1, 1) "
                        + "ON CONFLICT (mid) DO UPDATE SET state = excluded.state, since = excluded.since",
                mid));
        db.write(c -> Sql.update(
                c,
                "INSERT INTO monitor_state (mid, state, since, updated_at) VALUES (?, 'down', 2, 2) "
                        + "ON CONFLICT (mid) DO UPDATE SET state = excluded.state, since = excluded.since",
                mid));
        Optional<String> state =
                db.read(c -> Sql.one(c, "SELECT state FROM monitor_state WHERE mid = ?", rs -> rs.getString(1), mid));
        assertThat(state).contains("down");
    }

    @Test
    void reopeningMigratesNothingTwice() {
        db.close();
        db = handle.open();
        assertThat(db.ping()).isTrue();
    }

    @Test
    void anUnsupportedUrlIsRefusedInWords() {
        assertThatThrownBy(() -> Database.open(Optional.of("jdbc:oracle:thin:@x"), dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unsupported database URL");
    }

    @Test
    void passwordsAreRedactedFromUrls() {
        assertThat(Database.redact("jdbc:postgresql://h/db?user=a&password=secret&ssl=true"))
                .doesNotContain("secret");
        assertThat(Database.redact("jdbc:postgresql://a:secret@h/db")).doesNotContain("secret");
    }
}

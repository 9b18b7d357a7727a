package dev.vitals.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's writers take turns in this process, and a writer waiting for its turn holds no connection. */
class SqliteWritersTest {
    @TempDir
    Path dir;

    @Test
    void writersWaitingForTheirTurnLeaveConnectionsToReaders() throws Exception {
        try (Database db = Database.open(Optional.empty(), dir);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t (n INTEGER)"));
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(
                    () -> db.write(c -> {
                        c.createStatement().executeUpdate("INSERT INTO t VALUES (0)");
                        inside.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    }),
                    threads);
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            try {
                assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
                // More writers than the pool has connections (4), all waiting behind the first.
                for (int i = 1; i <= 6; i++) {
                    int n = i;
                    waiting.add(CompletableFuture.supplyAsync(
                            () -> db.write(c -> c.createStatement().executeUpdate("INSERT INTO t VALUES (" + n + ")")),
                            threads));
                }
                Thread.sleep(200);
                // A reader is served at once, from the last commit, while all of them wait.
                Integer seen = CompletableFuture.supplyAsync(
                                () -> db.read(c -> {
                                    var rs = c.createStatement().executeQuery("SELECT count(*) FROM t");
                                    rs.next();
                                    return rs.getInt(1);
                                }),
                                threads)
                        .get(3, TimeUnit.SECONDS);
                assertThat(seen).isZero();
                assertThat(waiting).noneMatch(CompletableFuture::isDone);
            } finally {
                release.countDown(); // also when an assertion failed, so that the test ends
            }
            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Integer> w : waiting) {
                assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            int rows = db.read(c -> {
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM t");
                rs.next();
                return rs.getInt(1);
            });
            assertThat(rows).isEqualTo(7);
        }
    }
}

package dev.vitals.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is checkpointed off the writers' path and still stays small under a steady
 * stream of commits: without the checkpoint in the writers' turn it would grow without end.
 */
class CheckpointerTest {
    static final int PAGES = 200;

    @TempDir
    Path dir;

    /** Commits without pause for {@code millis}, each in the writers' turn; returns the log's largest size. */
    private long write(String url, ReentrantLock writers, long millis) throws Exception {
        Path wal = Path.of(url.substring("jdbc:sqlite:".length()) + "-wal");
        long largest = 0;
        long k = 0;
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA wal_autocheckpoint=0");
                s.execute("CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT)");
                s.execute("CREATE INDEX IF NOT EXISTS t_by_v ON t (v)");
            }
            c.setAutoCommit(false);
            long end = System.nanoTime() + millis * 1_000_000;
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                k = r.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
                do {
                    writers.lock();
                    try {
                        for (int i = 0; i < 50; i++) {
                            ps.setString(1, "value " + (k++ * 7919 % 100_003));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        c.commit();
                    } finally {
                        writers.unlock();
                    }
                    if (Files.exists(wal)) {
                        largest = Math.max(largest, Files.size(wal));
                    }
                } while (System.nanoTime() < end);
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(k);
            }
        }
        return largest;
    }

    @Test
    void theLogStaysSmallWhileWritersNeverCheckpoint() throws Exception {
        ReentrantLock writers = new ReentrantLock(true);
        String without = "jdbc:sqlite:" + dir.resolve("without.db");
        long unchecked = write(without, writers, 1_500);
        String with = "jdbc:sqlite:" + dir.resolve("with.db");
        write(with, writers, 0); // the file, in WAL mode, before the checkpointer opens it
        long checked;
        try (Checkpointer c = new Checkpointer(with, writers, PAGES).start()) {
            checked = write(with, writers, 1_500);
        }
        // The log restarts at the first check after it holds PAGES pages (4 KiB each): what this writer,
        // which writes as fast as it can, appends in a tenth of a second or so, against all it wrote.
        assertThat(checked).isLessThan(64L << 20);
        assertThat(unchecked).isGreaterThan(4 * checked);
    }

    @Test
    void theDatabasesWritersLeaveCheckpointsToIt() {
        try (Database db = Database.open(java.util.Optional.empty(), dir)) {
            int auto = db.read(c -> {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("PRAGMA wal_autocheckpoint")) {
                    r.next();
                    return r.getInt(1);
                }
            });
            assertThat(auto).isZero();
        }
    }
    /** Passive checkpoints that report {@code logs} in turn, counting how many ran. */
    private static final class Scripted implements Checkpointer.Passive {
        private final java.util.Iterator<Checkpointer.Log> logs;
        int ran;

        Scripted(Checkpointer.Log... logs) {
            this.logs = java.util.List.of(logs).iterator();
        }

        @Override
        public Checkpointer.Log run() {
            ran++;
            return logs.next();
        }
    }

    private static Checkpointer.Log copiedAll(int pages) {
        return new Checkpointer.Log(pages, pages);
    }

    @Test
    void catchingUpStopsOnceTheLogGrewLittleDuringTheLastCheckpoint() throws Exception {
        // Each checkpoint copies what came during the one before: 2,000 new pages, then 900, then 200.
        Scripted passive = new Scripted(copiedAll(18_000), copiedAll(18_900), copiedAll(19_100), copiedAll(30_000));
        assertThat(Checkpointer.catchUp(passive, copiedAll(16_000))).isEqualTo(3);
        assertThat(passive.ran).isEqualTo(3);
    }

    @Test
    void catchingUpGoesOnWhileAReaderHoldsPagesBack() throws Exception {
        // The log grew little, but a reader of an older state kept 5,000 pages from being copied.
        Scripted passive = new Scripted(
                new Checkpointer.Log(16_100, 11_100), new Checkpointer.Log(16_150, 16_150), copiedAll(99_999));
        assertThat(Checkpointer.catchUp(passive, copiedAll(16_000))).isEqualTo(2);
    }

    @Test
    void aBusyCheckpointTellsNothingAndALogThatStartedOverIsCaughtUp() throws Exception {
        Checkpointer.Log busy = new Checkpointer.Log(-1, -1);
        Scripted passive = new Scripted(busy, busy, copiedAll(40), copiedAll(99_999));
        assertThat(Checkpointer.catchUp(passive, copiedAll(16_000))).isEqualTo(3);
    }

    @Test
    void catchingUpGivesUpAfterItsTries() throws Exception {
        Checkpointer.Log[] growing = new Checkpointer.Log[Checkpointer.CATCH_UP_TRIES + 1];
        for (int i = 0; i < growing.length; i++) {
            growing[i] = copiedAll(16_000 + 1_000 * (i + 1));
        }
        Scripted passive = new Scripted(growing);
        assertThat(Checkpointer.catchUp(passive, copiedAll(16_000))).isEqualTo(Checkpointer.CATCH_UP_TRIES);
        assertThat(passive.ran).isEqualTo(Checkpointer.CATCH_UP_TRIES);
    }

    @Test
    void anIdleDatabaseIsCheckpointedLessOften() {
        Checkpointer.Log idle = copiedAll(300);
        assertThat(Checkpointer.pause(copiedAll(300), idle)).isEqualTo(Checkpointer.IDLE_EVERY);
        // Written to since, or not all copied (a reader holds pages back), or the first look.
        assertThat(Checkpointer.pause(copiedAll(280), idle)).isEqualTo(Checkpointer.EVERY);
        assertThat(Checkpointer.pause(new Checkpointer.Log(300, 200), new Checkpointer.Log(300, 200)))
                .isEqualTo(Checkpointer.EVERY);
        assertThat(Checkpointer.pause(new Checkpointer.Log(-1, -1), idle)).isEqualTo(Checkpointer.EVERY);
        assertThat(Checkpointer.IDLE_EVERY).isGreaterThan(Checkpointer.EVERY);
    }
}

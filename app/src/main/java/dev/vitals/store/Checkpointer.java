package dev.vitals.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints SQLite's write-ahead log from a thread of its own. Left to SQLite, the writer whose
 * commit takes the log past 1,000 pages copies them into the database file and syncs it before its
 * commit returns: every tenth group of pings or so waited for that. Here the writers never
 * checkpoint ({@code wal_autocheckpoint=0} on every connection of the pool), and this thread runs a
 * passive checkpoint every {@link #EVERY}, which copies what it can while the writers go on.
 *
 * <p>Under a steady stream of writes such a checkpoint never catches up with the last commit, and
 * SQLite starts the log over from its beginning only after one that did: the log would grow without
 * end (1.3 GB in half a minute of the ping benchmark). So once it holds {@link #RESTART_AT} pages,
 * one more checkpoint runs in the writers' turn ({@code writers}), when nothing is appended: it has
 * only what came since the last one to copy, and the next writer starts the log over. The writers
 * wait for that about every two seconds under the heaviest load, rather than for a checkpoint of
 * their own every tenth of a second.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    static final Duration EVERY = Duration.ofMillis(100);
    /** 64 MiB of 4 KiB pages. */
    static final int RESTART_AT = 16_384;

    private final String url;
    private final java.util.concurrent.locks.ReentrantLock writers;
    private final int restartAt;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param writers the lock the process's writers take their turns in
     * @param restartAt the pages in the log from which a checkpoint runs in the writers' turn
     */
    Checkpointer(String url, java.util.concurrent.locks.ReentrantLock writers, int restartAt) {
        this.url = url;
        this.writers = writers;
        this.restartAt = restartAt;
        this.thread = Thread.ofPlatform()
                .name("vitals-sqlite-checkpoint")
                .daemon(true)
                .unstarted(this::loop);
    }

    Checkpointer start() {
        thread.start();
        return this;
    }

    private void loop() {
        long failures = 0;
        while (running) {
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 1000");
                while (running) {
                    int pages = checkpoint(s);
                    if (pages < 0) {
                        // Not in WAL mode as this connection sees it (it was opened before the file was
                        // made): open another.
                        sleep();
                        break;
                    }
                    if (pages >= restartAt
                            && writers.tryLock(EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        try {
                            checkpoint(s);
                        } finally {
                            writers.unlock();
                        }
                    }
                    failures = 0;
                    Thread.sleep(EVERY.toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                // Never given up: without this thread the log would grow without end.
                if (failures++ % 100 == 0) {
                    LOG.warn("could not checkpoint the SQLite log; trying again: {}", e.toString());
                }
                sleep();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs a passive checkpoint; returns how many pages the log holds, or -1 when not in WAL mode. */
    private static int checkpoint(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return r.next() ? r.getInt(2) : 0;
        }
    }

    private void sleep() {
        try {
            Thread.sleep(EVERY.toMillis());
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

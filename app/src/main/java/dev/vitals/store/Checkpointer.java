package dev.vitals.store;

import java.io.IOException;
import java.nio.file.Path;
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
 * wait for that about twice a second under the heaviest load, rather than for a checkpoint of
 * their own every tenth of a second.
 *
 * <p>How long they wait is the time to copy and sync what the log gained since the last passive
 * checkpoint began: syncing takes about 15 µs a page on the development machine, and a passive
 * checkpoint of a large log takes tens of milliseconds, in which a heavy stream of pings appends
 * thousands of pages. So before taking the writers' turn this thread catches up: it runs passive
 * checkpoints back to back, each with only what came during the one before, until one found at most
 * {@link #CAUGHT_UP} new pages (or {@link #CATCH_UP_TRIES} ran).
 *
 * <p>A passive checkpoint syncs the database file only when it copied the whole log, which a steady
 * stream of writes seldom lets it do: the pages it wrote wait in the operating system's cache, and
 * the checkpoint in the writers' turn, which does copy the whole log, had to sync all of them (30 ms
 * and more, against 2 to 8 ms for what it copies itself). So this thread syncs the file itself
 * before it takes the writers' turn, through a descriptor of its own. That descriptor is never
 * closed (one a database file, for the life of the process): on POSIX systems closing any
 * descriptor of a file drops every lock the process holds on it, SQLite's included, and a pool may
 * leave a connection open past its own close. It is not a channel either, which an interrupt would
 * close.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    static final Duration EVERY = Duration.ofMillis(100);
    /** The wait while nothing is written: the first checkpoint after writing starts again comes this late at most. */
    static final Duration IDLE_EVERY = Duration.ofMillis(500);
    /** 64 MiB of 4 KiB pages. */
    static final int RESTART_AT = 16_384;
    /** New pages in the log since the last passive checkpoint below which it has caught up. */
    static final int CAUGHT_UP = 256;
    /** The most passive checkpoints run back to back to catch up. */
    static final int CATCH_UP_TRIES = 10;

    /** A descriptor of each database file synced so far, by path; never closed (see above). */
    private static final java.util.concurrent.ConcurrentMap<Path, Descriptor> FILES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A file opened for syncing, with the identity (device and inode) of the file it opened. */
    private record Descriptor(Object fileKey, java.io.RandomAccessFile file) {}

    private final String url;
    private final Path path;
    private final java.util.concurrent.locks.ReentrantLock writers;
    private final int restartAt;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean syncFailed;

    /**
     * @param writers the lock the process's writers take their turns in
     * @param restartAt the pages in the log from which a checkpoint runs in the writers' turn
     */
    Checkpointer(String url, java.util.concurrent.locks.ReentrantLock writers, int restartAt) {
        this.url = url;
        this.path = Path.of(url.substring(url.indexOf("jdbc:sqlite:") + "jdbc:sqlite:".length()));
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
                Log previous = new Log(-1, -1);
                while (running) {
                    Log log = checkpoint(s);
                    if (log.busy() && log.pages() < 0) {
                        // Another connection holds a lock the checkpoint needs: try again next time.
                        sleep();
                        continue;
                    }
                    if (log.pages() < 0) {
                        // Not in WAL mode as this connection sees it (it was opened before the file was
                        // made): open another.
                        sleep();
                        break;
                    }
                    if (log.pages() >= restartAt) {
                        catchUp(() -> checkpoint(s), log);
                        sync();
                        if (writers.tryLock(EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                            try {
                                checkpoint(s);
                            } finally {
                                writers.unlock();
                            }
                        }
                    }
                    failures = 0;
                    sleep(pause(previous, log));
                    previous = log;
                }
            } catch (SQLException | RuntimeException | LinkageError | OutOfMemoryError e) {
                // Never given up: without this thread the log would grow without end.
                if (failures++ % 100 == 0) {
                    LOG.warn("could not checkpoint the SQLite log; trying again: {}", e.toString());
                }
                sleep();
            } catch (InterruptedException e) {
                // Nothing here interrupts it (close unparks): go on while running, as above.
                Thread.interrupted();
            }
        }
    }

    /**
     * What a passive checkpoint reports: the pages in the log, and how many of them are copied into
     * the database. Copied up to the last commit before the checkpoint began, or less when a reader
     * still reads an older state; pages is -1 when the database is not in WAL mode.
     */
    record Log(boolean busy, int pages, int copied) {
        Log(int pages, int copied) {
            this(false, pages, copied);
        }

        int left() {
            return pages - copied;
        }
    }

    /**
     * Runs passive checkpoints back to back, starting from {@code last}, until one left at most
     * {@link #CAUGHT_UP} pages uncopied and the log grew by at most that much during the one before.
     * Returns how many ran.
     */
    static int catchUp(Passive passive, Log last) throws SQLException {
        for (int tries = 1; tries <= CATCH_UP_TRIES; tries++) {
            Log now = passive.run();
            if (now.pages() < 0) {
                // Busy (the log starting over, say): nothing was learnt.
                continue;
            }
            // Fewer pages than before: the log started over, and there is nothing to catch up with.
            if (now.pages() - last.pages() <= CAUGHT_UP && now.left() <= CAUGHT_UP) {
                return tries;
            }
            last = now;
        }
        return CATCH_UP_TRIES;
    }

    /** A passive checkpoint to run. */
    @FunctionalInterface
    interface Passive {
        Log run() throws SQLException;
    }

    /** Runs a passive checkpoint. */
    private static Log checkpoint(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return r.next() ? new Log(r.getInt(1) != 0, r.getInt(2), r.getInt(3)) : new Log(0, 0);
        }
    }

    /** Syncs the database file, so that the checkpoint in the writers' turn has little left to sync. */
    private void sync() {
        try {
            Object key = java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
            Descriptor d = FILES.get(path);
            if (d == null || key == null || !key.equals(d.fileKey())) {
                // The first sync of this file (or a file made anew at the path): a descriptor kept for good.
                @SuppressWarnings("resource")
                java.io.RandomAccessFile opened = new java.io.RandomAccessFile(path.toFile(), "r");
                // The file itself is kept, not only its descriptor, so that nothing reclaims and closes it.
                d = new Descriptor(key, opened);
                FILES.put(path, d);
            }
            d.file().getFD().sync();
        } catch (IOException e) {
            // Only slower: the checkpoint in the writers' turn syncs what this did not.
            if (!syncFailed) {
                LOG.warn("could not sync the SQLite database file {} ahead of a checkpoint: {}", path, e.toString());
                syncFailed = true;
            }
        }
    }

    /**
     * How long to wait after a checkpoint that found {@code now}, when the one before found {@code
     * before}: {@link #IDLE_EVERY} while nothing is written (the log unchanged and all of it copied),
     * so that an idle database is not asked ten times a second; else {@link #EVERY}.
     */
    static Duration pause(Log before, Log now) {
        return now.equals(before) && now.left() == 0 ? IDLE_EVERY : EVERY;
    }

    private void sleep() {
        sleep(EVERY);
    }

    /**
     * Waits {@code d}, or until {@link #close}, which unparks the thread rather than interrupt it.
     */
    private void sleep(Duration d) {
        java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
        // A park returns at once while the interrupt flag is set: clear it (nothing here interrupts).
        Thread.interrupted();
    }

    /** Stops the thread. */
    @Override
    public void close() {
        running = false;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

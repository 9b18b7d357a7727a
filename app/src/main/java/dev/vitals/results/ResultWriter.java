package dev.vitals.results;

import dev.vitals.checks.CheckResult;
import dev.vitals.evaluation.Evaluated;
import dev.vitals.metrics.Histogram;
import dev.vitals.monitors.MonitorTable;
import dev.vitals.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes results, flips and state changes to the database in batches, one transaction per batch.
 *
 * <p>Checks never wait for the database: {@link #accept} only enqueues. While the database is away
 * (a restart, a network blip), results wait in a bounded buffer and the writer retries with backoff;
 * when the buffer is full the oldest results are dropped and counted, so that memory stays bounded
 * and the newest picture survives. Flips and state changes are never dropped: they are few and they
 * are what alerting and history stand on.
 */
public final class ResultWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
    private static final int MAX_EVENTS_PER_BATCH = 10_000;
    /** The fewest results that ride along in another writer's transaction, unless flips or the delay are due. */
    static final int ALONG_AT_LEAST = 48;
    /**
     * The most results that ride along in one transaction. The pings' group commit holds SQLite's
     * one write lock while they are written, and every ping that comes meanwhile waits: many small
     * slices, one a group or two, keep that wait short, where one large batch now and then made the
     * pings' tail (p99 42 against 29 ms, docs/BENCHMARKS.md "Pings").
     */
    static final int ALONG_AT_MOST = 96;

    /** Buffer capacity (results), batch size, and the longest a result waits to be batched. */
    public record Settings(int capacity, int batchSize, Duration maxDelay) {
        public static final Settings DEFAULT = new Settings(200_000, 2_000, Duration.ofMillis(200));
    }

    /** How writing goes, for {@code /health} and metrics. */
    public record Health(
            boolean ok,
            int buffered,
            long dropped,
            Optional<String> lastError,
            Optional<Instant> failingSince,
            Optional<Instant> lastWrite) {}

    private final Database db;
    private final InstantSource clock;
    private final Settings settings;
    private final Histogram writeLatency;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<CheckResult> results = new ArrayDeque<>();
    private final ArrayDeque<Evaluated> events = new ArrayDeque<>();
    private final Map<String, Long> mids = new ConcurrentHashMap<>();
    private long firstWaitingNanos;
    private long dropped;
    private boolean inFlight;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private volatile Optional<String> lastError = Optional.empty();
    private volatile Optional<Instant> failingSince = Optional.empty();
    private volatile Optional<Instant> lastWrite = Optional.empty();
    private final Thread thread;

    public ResultWriter(Database db, InstantSource clock, Settings settings, Histogram writeLatency) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.writeLatency = writeLatency;
        this.thread =
                Thread.ofPlatform().name("vitals-result-writer").daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /** Enqueues what evaluation produced. Never blocks on the database. */
    public void accept(Evaluated e) {
        lock.lock();
        try {
            boolean wasEmpty = results.isEmpty() && events.isEmpty();
            if (wasEmpty) {
                firstWaitingNanos = System.nanoTime();
            }
            e.result().ifPresent(r -> {
                if (results.size() >= settings.capacity()) {
                    results.pollFirst();
                    dropped++;
                }
                results.addLast(r);
            });
            if (e.flip().isPresent()) {
                events.addLast(e);
            }
            // The writer sleeps without a timeout while there is nothing to write: wake it for the
            // first item so that it can time the batch's maximum delay.
            if (wasEmpty || results.size() >= settings.batchSize() || e.flip().isPresent()) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything accepted so far is written, or the timeout passes; true if written. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            work.signal();
            while (!results.isEmpty() || !events.isEmpty() || inFlight) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                work.signal();
                idle.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public Health health() {
        lock.lock();
        try {
            boolean dead = thread.getState() == Thread.State.TERMINATED && !closing;
            return new Health(
                    failingSince.isEmpty() && !dead,
                    results.size() + events.size(),
                    dropped,
                    dead ? Optional.of("the result writer stopped; restart Vitals") : lastError,
                    failingSince,
                    lastWrite);
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        long backoffMs = 100;
        int failures = 0;
        while (true) {
            Batch batch;
            try {
                batch = take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                long start = System.nanoTime();
                write(batch);
                writeLatency.observe(Duration.ofNanos(System.nanoTime() - start));
                done(batch, true);
                backoffMs = 100;
                failures = 0;
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                // Anything else from a write (an Error of the driver) must not end this thread quietly.
                if (++failures >= POISON_AFTER && refusesData(e) && db.ping()) {
                    // The database answers, yet this batch fails again and again: it holds a row the
                    // database refuses. Write row by row and set aside only what fails, rather than
                    // hold every later result back behind it for ever.
                    writeOneByOne(batch);
                    done(batch, true);
                    failures = 0;
                    continue;
                }
                done(batch, false);
                if (failingSince.isEmpty()) {
                    failingSince = Optional.of(clock.instant());
                    LOG.warn(
                            "cannot write results to the database; keeping them in memory and retrying: {}",
                            e.getMessage());
                }
                lastError = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
                // Stopping: keep trying until the close timeout, then give up and report.
                if (closing && System.nanoTime() - closeDeadlineNanos >= 0) {
                    return;
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(5_000, backoffMs * 2);
            }
        }
    }

    private record Batch(List<CheckResult> results, List<Evaluated> events) {}

    /**
     * Whether the database refused what was written (a value or a constraint), as opposed to not
     * taking writes at all (locked, full, read-only), which is an outage: then rows wait, as always.
     */
    static boolean refusesData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    return true;
                }
                String m = String.valueOf(s.getMessage());
                if (m.contains("SQLITE_CONSTRAINT") || m.contains("SQLITE_TOOBIG") || m.contains("SQLITE_MISMATCH")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Failed attempts of one batch, with the database answering, before it is written row by row. */
    private static final int POISON_AFTER = 3;

    private void writeOneByOne(Batch batch) {
        int refused = 0;
        for (CheckResult r : batch.results()) {
            try {
                write(new Batch(List.of(r), List.of()));
            } catch (RuntimeException e) {
                refused++;
                LOG.error(
                        "a result of monitor {} at {} cannot be stored and is set aside: {}",
                        r.monitorId(),
                        r.at(),
                        e.getMessage());
            }
        }
        for (Evaluated e : batch.events()) {
            try {
                write(new Batch(List.of(), List.of(e)));
            } catch (RuntimeException x) {
                refused++;
                LOG.error(
                        "a state change of monitor {} cannot be stored and is set aside: {} ({})",
                        e.monitorId(),
                        e.flip().map(Object::toString).orElse(""),
                        x.getMessage());
            }
        }
        if (refused > 0) {
            lock.lock();
            try {
                dropped += refused;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits for a batch: full, or its oldest item waited maxDelay, or closing. Null when done. */
    private Batch take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                boolean empty = results.isEmpty() && events.isEmpty();
                if (empty && closing && !inFlight) {
                    return null;
                }
                if (inFlight) {
                    // A batch rides along in another writer's transaction: one batch at a time keeps
                    // flips and states in order.
                    work.await();
                    continue;
                }
                long waited = System.nanoTime() - firstWaitingNanos;
                long delay = settings.maxDelay().toNanos();
                if (!empty
                        && (closing
                                || !events.isEmpty()
                                || results.size() >= settings.batchSize()
                                || waited >= delay)) {
                    return takeBatch();
                }
                if (empty) {
                    work.await();
                } else {
                    work.awaitNanos(delay - waited);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest batch that waits and marks it in flight; the caller holds {@link #lock}. */
    private Batch takeBatch() {
        return takeBatch(settings.batchSize());
    }

    private Batch takeBatch(int max) {
        List<CheckResult> rs = new ArrayList<>(Math.min(results.size(), max));
        while (!results.isEmpty() && rs.size() < max) {
            rs.add(results.pollFirst());
        }
        List<Evaluated> es = new ArrayList<>();
        while (!events.isEmpty() && es.size() < MAX_EVENTS_PER_BATCH) {
            es.add(events.pollFirst());
        }
        inFlight = true;
        firstWaitingNanos = System.nanoTime();
        return new Batch(rs, es);
    }

    private void done(Batch b, boolean written) {
        lock.lock();
        try {
            if (written) {
                if (failingSince.isPresent()) {
                    LOG.info(
                            "writing results to the database again after {}",
                            Duration.between(failingSince.get(), clock.instant()));
                }
                failingSince = Optional.empty();
                lastError = Optional.empty();
                lastWrite = Optional.of(clock.instant());
            } else {
                // Monitor rows made in the failed transaction are gone with it: look them up again.
                mids.clear();
                // Put the batch back in front, oldest first, keeping within capacity.
                for (int i = b.events().size() - 1; i >= 0; i--) {
                    events.addFirst(b.events().get(i));
                }
                for (int i = b.results().size() - 1; i >= 0; i--) {
                    if (results.size() >= settings.capacity()) {
                        dropped++;
                        continue;
                    }
                    results.addFirst(b.results().get(i));
                }
            }
            inFlight = false;
            idle.signalAll();
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void write(Batch b) {
        db.write(c -> {
            rows(c, b);
            return null;
        });
    }

    private void rows(Connection c, Batch b) throws SQLException {
        long now = clock.instant().toEpochMilli();
        List<Map.Entry<Long, CheckResult>> rows = new ArrayList<>(b.results().size());
        for (CheckResult r : b.results()) {
            rows.add(Map.entry(mid(c, r.monitorId(), now), r));
        }
        ResultTables.insertResults(c, rows);
        Rollups.markLateResults(c, db.dialect(), rows);
        for (Evaluated e : b.events()) {
            long mid = mid(c, e.monitorId(), now);
            ResultTables.insertFlip(c, mid, e.flip().orElseThrow());
            ResultTables.saveState(c, mid, e.status(), now);
        }
    }

    /** What {@link #writeAlong} took, to be settled with {@link #settle} once its transaction ends. */
    public static final class Along {
        private final Batch batch;
        private boolean written;

        private Along(Batch batch) {
            this.batch = batch;
        }
    }

    /**
     * Writes what waits, now, inside the caller's open transaction on {@code c}: a writer that holds
     * the database's one write lock anyway (the pings' group commit) carries the results and flips
     * with its own rows, rather than the two taking turns for the lock and each paying a commit. The
     * rows go in under a savepoint: when they fail, they are taken out again and left to this writer
     * (which retries, and sets aside a row the database refuses), and the caller's own rows are not
     * touched. Returns empty when nothing waits, or when a batch is being written already (one batch
     * at a time keeps flips in order). Whatever is returned must be given to {@link #settle}.
     */
    public Optional<Along> writeAlong(Connection c) {
        Along along;
        lock.lock();
        try {
            boolean due = !events.isEmpty()
                    || results.size() >= Math.min(ALONG_AT_LEAST, settings.batchSize())
                    || (!results.isEmpty()
                            && System.nanoTime() - firstWaitingNanos
                                    >= settings.maxDelay().toNanos());
            if (inFlight || !due) {
                // A few results ride better in a later, larger group: each statement has its cost.
                return Optional.empty();
            }
            along = new Along(takeBatch(Math.min(ALONG_AT_MOST, settings.batchSize())));
        } finally {
            lock.unlock();
        }
        try {
            java.sql.Savepoint before = c.setSavepoint();
            try {
                rows(c, along.batch);
                c.releaseSavepoint(before);
                along.written = true;
            } catch (SQLException | RuntimeException e) {
                c.rollback(before);
            }
        } catch (SQLException e) {
            // No savepoint, or no way back to it: nothing counts as written, and settle puts the batch
            // back for this writer.
            along.written = false;
        }
        return Optional.of(along);
    }

    /** Ends what {@link #writeAlong} took: written when its transaction committed, else put back. */
    public void settle(Optional<Along> along, boolean committed) {
        along.ifPresent(a -> done(a.batch, committed && a.written));
    }

    private long mid(Connection c, String id, long now) throws SQLException {
        Long cached = mids.get(id);
        if (cached != null) {
            return cached;
        }
        long mid = MonitorTable.ensure(c, id, "file", now);
        mids.put(id, mid);
        return mid;
    }

    /** Stops after writing what can be written within {@code timeout}; reports what was not. */
    public void close(Duration timeout) {
        closeDeadlineNanos =
                System.nanoTime() + timeout.toNanos() - Duration.ofMillis(500).toNanos();
        closing = true;
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Health h = health();
        if (h.buffered() > 0) {
            LOG.error(
                    "stopped with {} results and flips not written to the database: {}",
                    h.buffered(),
                    h.lastError().orElse("timed out"));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

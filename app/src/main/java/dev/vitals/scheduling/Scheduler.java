package dev.vitals.scheduling;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.CheckRunner;
import dev.vitals.metrics.Histogram;
import dev.vitals.monitors.Monitor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every scheduled monitor at its slots. {@link #runDue()} dispatches what is due and is all the
 * timer thread does; tests call it directly with a settable clock and a direct executor, stepping
 * through time without sleeping.
 *
 * <p>A slot whose monitor is still being checked (a check that takes longer than its interval) is
 * skipped and counted, never queued: queuing would make the monitor's checks ever later. When the
 * timer falls behind by more than an interval, missed slots are skipped too, for the same reason.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    public record Settings(int maxConcurrent, Duration firstCheckSpread) {
        public static final Settings DEFAULT = new Settings(512, Duration.ofSeconds(30));
    }

    private final InstantSource clock;
    private final Settings settings;
    private final CheckRunner runner;
    private final BiConsumer<Monitor, CheckResult> sink;
    private final Executor executor;
    private final Semaphore permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Slot> queue = new PriorityQueue<>((a, b) -> a.due.compareTo(b.due));
    private final Map<String, Entry> entries = new HashMap<>();
    private final Histogram lateness =
            new Histogram(new double[] {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private long generations;
    private volatile boolean closed;
    private Thread timer;

    public Scheduler(
            InstantSource clock,
            Settings settings,
            CheckRunner runner,
            BiConsumer<Monitor, CheckResult> sink,
            Executor executor) {
        this.clock = clock;
        this.settings = settings;
        this.runner = runner;
        this.sink = sink;
        this.executor = executor;
        this.permits = new Semaphore(settings.maxConcurrent());
    }

    private record Slot(String id, Instant due, long generation) {}

    private static final class Entry {
        Monitor monitor;
        long generation;
        boolean checking;
        /** Removed while its check ran: kept until that check ends, so that a re-added monitor waits for it. */
        boolean removed;

        Entry(Monitor monitor) {
            this.monitor = monitor;
        }
    }

    /** Schedules a monitor, or replaces its definition; paused monitors are removed instead. */
    public void put(Monitor m) {
        // A push monitor is not checked: its job reports in (dev.vitals.push watches its due times).
        if (m.paused() || m.isPush()) {
            remove(m.id());
            return;
        }
        lock.lock();
        try {
            Entry e = entries.get(m.id());
            Instant now = clock.instant();
            if (e != null && !e.removed && e.monitor.interval().equals(m.interval())) {
                e.monitor = m; // same slots; the next check uses the new definition
                return;
            }
            if (e == null) {
                e = new Entry(m);
                entries.put(m.id(), e);
            } else {
                e.monitor = m;
                e.removed = false;
            }
            e.generation = ++generations;
            queue.add(new Slot(
                    m.id(), Spread.firstCheck(m.id(), m.interval(), settings.firstCheckSpread(), now), e.generation));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void remove(String id) {
        lock.lock();
        try {
            Entry e = entries.get(id);
            if (e != null && e.checking) {
                e.removed = true;
                e.generation = ++generations; // its queued slots are void
            } else {
                entries.remove(id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Dispatches every slot that is due; returns how many checks were started. */
    public int runDue() {
        int dispatched = 0;
        while (true) {
            Slot slot;
            Entry entry;
            lock.lock();
            try {
                Instant now = clock.instant();
                slot = queue.peek();
                if (slot == null || slot.due.isAfter(now)) {
                    return dispatched;
                }
                queue.poll();
                entry = entries.get(slot.id);
                if (entry == null || entry.removed || entry.generation != slot.generation) {
                    continue; // removed or rescheduled
                }
                Monitor m = entry.monitor;
                Instant next = Spread.slotAfter(m.id(), m.interval(), slot.due);
                if (!next.isAfter(now)) {
                    long missed = (Duration.between(next, now).toMillis()
                                    / m.interval().toMillis())
                            + 1;
                    skipped.addAndGet(missed);
                    next = Spread.slotAfter(m.id(), m.interval(), now);
                }
                queue.add(new Slot(slot.id, next, slot.generation));
                if (entry.checking) {
                    skipped.incrementAndGet();
                    continue;
                }
                entry.checking = true;
            } finally {
                lock.unlock();
            }
            dispatch(entry, slot);
            dispatched++;
        }
    }

    private void dispatch(Entry entry, Slot slot) {
        Monitor m = entry.monitor;
        waiting.incrementAndGet();
        executor.execute(() -> {
            boolean acquired = false;
            try {
                permits.acquire();
                acquired = true;
                waiting.decrementAndGet();
                running.incrementAndGet();
                started.incrementAndGet();
                Duration late = Duration.between(slot.due, clock.instant());
                if (late.isNegative()) {
                    late = Duration.ZERO;
                }
                lateness.observe(late);
                CheckResult result = runner.run(m, late);
                sink.accept(m, result);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("handling the result of monitor {} failed", m.id(), e);
            } finally {
                if (acquired) {
                    running.decrementAndGet();
                    permits.release();
                } else {
                    waiting.decrementAndGet();
                }
                lock.lock();
                try {
                    entry.checking = false;
                    if (entry.removed && entries.get(m.id()) == entry) {
                        entries.remove(m.id());
                    }
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** When the next slot is due, if any monitor is scheduled. */
    public Optional<Instant> nextDue() {
        lock.lock();
        try {
            return Optional.ofNullable(queue.peek()).map(Slot::due);
        } finally {
            lock.unlock();
        }
    }

    /** Starts the timer thread, which sleeps until the next slot and dispatches it. */
    public void start() {
        timer = Thread.ofPlatform().name("vitals-scheduler").daemon(true).start(this::loop);
    }

    private void loop() {
        while (!closed) {
            try {
                runDue();
                lock.lock();
                try {
                    Slot next = queue.peek();
                    long waitNanos = next == null
                            ? 1_000_000_000L
                            : Duration.between(clock.instant(), next.due).toNanos();
                    if (waitNanos > 0 && !closed) {
                        changed.awaitNanos(Math.min(waitNanos, 1_000_000_000L));
                    }
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("scheduler loop failed; going on", e);
            }
        }
    }

    public Histogram lateness() {
        return lateness;
    }

    /** Checks dispatched but waiting for one of the {@code maxConcurrent} permits. */
    public int queueDepth() {
        return waiting.get();
    }

    public int running() {
        return running.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public long started() {
        return started.get();
    }

    public int scheduled() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (timer != null) {
            try {
                timer.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.vitals.push;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that sleeps until the earliest deadline of its {@link Deadlines} and hands what
 * is due to {@code onDue}. Putting a deadline earlier than the one slept for wakes it, so a deadline
 * is noticed within milliseconds however many there are.
 *
 * <p>The work of one round is {@link #runDue()}, which tests call directly with a settable clock;
 * the thread only loops over it and sleeps. It sleeps at most {@code maxSleep} (1 s by default) even
 * when the next deadline is later: sleeps are measured on the monotonic clock but deadlines on the
 * wall clock, and a wall clock stepped forward (NTP, a resumed VM) would otherwise leave a deadline
 * unnoticed for as long as the step. One empty look a second costs nothing.
 *
 * <p>{@code onDue} runs on this thread with the entries already taken from the index: it should be
 * quick (write the flips, queue the work) and handle its own failures item by item. An exception from
 * it is logged and the loop goes on; the entries it was given are not put back.
 *
 * @param <W> what a deadline means; the caller's type
 */
public final class DeadlineWatcher<W> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineWatcher.class);
    static final Duration MAX_SLEEP = Duration.ofSeconds(1);

    private final InstantSource clock;
    private final Consumer<List<Due<W>>> onDue;
    private final Duration maxSleep;
    private final Deadlines<W> deadlines;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    public DeadlineWatcher(InstantSource clock, Consumer<List<Due<W>>> onDue) {
        this(clock, onDue, MAX_SLEEP);
    }

    DeadlineWatcher(InstantSource clock, Consumer<List<Due<W>>> onDue, Duration maxSleep) {
        this.clock = clock;
        this.onDue = onDue;
        this.maxSleep = maxSleep;
        this.deadlines = new Deadlines<>(this::wake);
    }

    /** The index this watcher sleeps on; put and remove deadlines here. */
    public Deadlines<W> deadlines() {
        return deadlines;
    }

    /** Starts the thread; once only. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the deadline watcher is already started");
        }
        running = true;
        thread = Thread.ofPlatform().name("vitals-push-deadlines").daemon(true).start(this::loop);
    }

    /**
     * One round: takes the entries due at the clock's now and hands them to {@code onDue} (if any).
     * Returns the deadline that comes next.
     */
    public Optional<Instant> runDue() {
        List<Due<W>> due = deadlines.takeDue(clock.instant());
        if (!due.isEmpty()) {
            onDue.accept(due);
        }
        return deadlines.next();
    }

    private void loop() {
        while (running) {
            lock.lock();
            try {
                woken = false;
            } finally {
                lock.unlock();
            }
            Optional<Instant> next = Optional.empty();
            try {
                next = runDue();
            } catch (RuntimeException e) {
                LOG.error("handling push deadlines failed; going on", e);
            }
            sleep(next.map(this::until).orElse(maxSleep));
        }
    }

    private Duration until(Instant at) {
        Duration d = Duration.between(clock.instant(), at);
        return d.compareTo(maxSleep) > 0 ? maxSleep : d;
    }

    /** Sleeps for {@code d} unless woken; a wake-up that came before the sleep ends it at once. */
    private void sleep(Duration d) {
        long nanos = d.toNanos();
        lock.lock();
        try {
            while (!woken && running && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True while the thread runs. */
    boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Stops the thread and waits for it (a round under way finishes first). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        wake();
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.vitals.notify;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is due in the outbox: a loop claims due notifications for this node and hands each to
 * its receiver's {@link Lane}, a bounded queue with a virtual thread of its own that delivers one
 * notification at a time and records the outcome. One slow or hanging receiver fills only its own
 * lane; while a lane is full its notifications are not claimed, so they wait in the database (where
 * another node may take them) rather than crowding out other receivers.
 *
 * <p>The clock is injected: due times and attempt times come from it, and a test moves it to make
 * retries due. The loop itself polls in real time ({@link Settings#pollEvery}); {@link #wake()} makes
 * it look at once, for example right after an enqueue.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * How the dispatcher works.
     *
     * @param pollEvery how often to look for due notifications when not woken
     * @param batch how many notifications to claim at most at once
     * @param lease how long a claim lasts; must cover a full lane's wait plus one delivery
     * @param laneCapacity how many claimed notifications one receiver may have waiting
     * @param deadline the longest one delivery may take (channels may have shorter timeouts)
     */
    public record Settings(Duration pollEvery, int batch, Duration lease, int laneCapacity, Duration deadline) {
        public static final Settings DEFAULT =
                new Settings(Duration.ofMillis(500), 100, Duration.ofMinutes(5), 16, HttpPost.DEFAULT_TIMEOUT);

        public Settings {
            if (lease.compareTo(deadline.multipliedBy(laneCapacity + 1L)) < 0) {
                throw new NotifyException("the claim lease (" + lease + ") must cover a full lane: at least "
                        + deadline.multipliedBy(laneCapacity + 1L));
            }
        }
    }

    private final Outbox outbox;
    private final ChannelLookup channels;
    private final InstantSource clock;
    private final String node;
    private final Settings settings;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread loop;

    /**
     * @param channels the channel of each receiver and kind; a notification for a receiver or a kind
     *     that has none fails at once (it cannot be sent, now or later)
     */
    public Dispatcher(Outbox outbox, ChannelLookup channels, InstantSource clock, String node, Settings settings) {
        this.outbox = outbox;
        this.channels = channels;
        this.clock = clock;
        this.node = node;
        this.settings = settings;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        try {
            int released = outbox.releaseAll(node);
            if (released > 0) {
                LOG.info("{} notifications this node was sending when it stopped are due again", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not take back this node's earlier claims; their leases will run out: {}", e.getMessage());
        }
        loop = Thread.ofVirtual().name("notify-dispatcher-" + node).start(this::runLoop);
    }

    /** Makes the loop look for due notifications now. */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    /**
     * Claims what is due now and hands it to the lanes; returns how many were claimed. The loop calls
     * this; tests may call it step by step instead of starting the loop.
     */
    public int runOnce() {
        Set<String> full = new HashSet<>();
        lanes.forEach((receiver, lane) -> {
            if (lane.full()) {
                full.add(receiver);
            }
        });
        List<Claimed> claimed = outbox.claim(node, clock.instant(), settings.batch(), settings.lease(), full);
        for (Claimed n : claimed) {
            Lane lane = lanes.computeIfAbsent(n.receiver(), r -> new Lane(r, settings.laneCapacity(), this));
            if (!lane.offer(n)) {
                // Its lane filled up during this batch: back to the database, due at once.
                outbox.release(n);
            }
        }
        return claimed.size();
    }

    private void runLoop() {
        while (running) {
            int claimed = 0;
            try {
                claimed = runOnce();
            } catch (RuntimeException e) {
                // The database may be away for a while; the notifications wait there, nothing is lost.
                LOG.warn("could not claim notifications: {}", e.getMessage());
            }
            if (claimed >= settings.batch()) {
                continue; // more may be due
            }
            try {
                wakeups.poll(settings.pollEvery().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Delivers one claimed notification and records the outcome; called on the receiver's lane. */
    void deliver(Claimed n) {
        java.time.Instant started = clock.instant();
        if (started.plus(settings.deadline()).isAfter(n.until())) {
            // The claim would run out during the delivery: another node may take it meanwhile. Give it
            // back instead of racing; the next claim round gives it a fresh lease.
            outbox.release(n);
            return;
        }
        long t0 = System.nanoTime();
        Optional<Channel> channel = channels.channel(n.receiver(), n.channel());
        Delivery delivery = channel.isPresent()
                ? channel.get().deliver(n, settings.deadline())
                : new Delivery.Failed(
                        "no " + n.channel() + " channel is configured for receiver " + n.receiver(), Optional.empty());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        outbox.record(n, delivery, new Outbox.Timing(started, clock.instant(), took));
        if (delivery instanceof Delivery.Retry) {
            wake(); // a retry may already be due (a zero backoff in tests, a Retry-After of 0)
        }
    }

    /** Stops claiming; notifications still waiting in lanes go back to the database unsent. */
    @Override
    public void close() {
        Thread l;
        synchronized (this) {
            running = false;
            l = loop;
        }
        // No interrupts: an interrupted virtual thread closes its socket, and with it a database
        // connection in the middle of a transaction. The loop and the lanes notice the flag instead.
        wake();
        join(l, settings.pollEvery().plusSeconds(5));
        for (Lane lane : lanes.values()) {
            for (Claimed n : lane.stop()) {
                try {
                    outbox.release(n);
                } catch (RuntimeException e) {
                    LOG.debug("could not give back notification {}; its claim will run out", n.nid(), e);
                }
            }
        }
        awaitLanes();
    }

    private static void join(Thread t, Duration limit) {
        if (t == null) {
            return;
        }
        try {
            t.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the lanes to finish the deliveries under way (each ends by its deadline). */
    void awaitLanes() {
        for (Lane lane : lanes.values()) {
            join(lane.thread(), settings.deadline().plusSeconds(5));
        }
    }

    String node() {
        return node;
    }
}

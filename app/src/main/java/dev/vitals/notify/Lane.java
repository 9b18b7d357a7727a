package dev.vitals.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver's queue of claimed notifications and the virtual thread that delivers them, one at a
 * time and in order. Bounded, so that a receiver that hangs holds at most {@code capacity} claims.
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    private final String receiver;
    private final BlockingQueue<Claimed> queue;
    private final int capacity;
    private final Dispatcher dispatcher;
    private final Thread thread;
    private volatile boolean stopped;

    Lane(String receiver, int capacity, Dispatcher dispatcher) {
        this.receiver = receiver;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.dispatcher = dispatcher;
        this.thread = Thread.ofVirtual()
                .name("notify-lane-" + dispatcher.node() + "-" + receiver)
                .start(this::run);
    }

    boolean offer(Claimed n) {
        return queue.offer(n);
    }

    boolean full() {
        return queue.remainingCapacity() == 0;
    }

    /**
     * Stops the lane after the delivery under way, if any; returns what was still waiting. The thread
     * is not interrupted: that would close the socket of a database transaction under way.
     */
    List<Claimed> stop() {
        stopped = true;
        List<Claimed> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }

    Thread thread() {
        return thread;
    }

    private void run() {
        while (!stopped) {
            Claimed n;
            try {
                n = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (n == null) {
                continue;
            }
            if (stopped) {
                return; // taken just as the lane stopped: unsent, its claim runs out and it is taken again
            }
            try {
                dispatcher.deliver(n);
            } catch (RuntimeException e) {
                // One bad item never stops the lane; its claim runs out and it is tried again.
                LOG.warn("could not deliver notification {} to {}: {}", n.nid(), receiver, e.getMessage());
            }
            if (queue.size() <= capacity / 2) {
                // Room again: more may be waiting in the outbox for this receiver, so the dispatcher
                // looks now rather than at its next poll (a backlog drains at the receiver's pace).
                dispatcher.wake();
            }
        }
    }
}

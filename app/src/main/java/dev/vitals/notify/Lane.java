package dev.vitals.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    private final Dispatcher dispatcher;
    private final Thread thread;

    Lane(String receiver, int capacity, Dispatcher dispatcher) {
        this.receiver = receiver;
        this.queue = new ArrayBlockingQueue<>(capacity);
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

    /** Stops the thread; returns what was still waiting. */
    List<Claimed> stop() {
        thread.interrupt();
        List<Claimed> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Claimed n;
            try {
                n = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                dispatcher.deliver(n);
            } catch (RuntimeException e) {
                // One bad item never stops the lane; its claim runs out and it is tried again.
                LOG.warn("could not deliver notification {} to {}: {}", n.nid(), receiver, e.getMessage());
            }
        }
    }
}

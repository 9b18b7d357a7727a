package dev.vitals.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes pings durable in groups: every ping waiting when the writer is free goes into one
 * transaction, so that a thousand pings cost one commit (and one fsync) rather than a thousand, and
 * each caller is answered when the commit that holds its ping is done. A ping is never answered
 * before it is stored; when the store fails, every ping of the group fails with it and its caller
 * answers an error (the sender retries).
 */
public final class GroupCommit<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Waiting<T>(T item, CompletableFuture<Void> done) {}

    private final BlockingQueue<Waiting<T>> queue;
    private final Consumer<List<T>> store;
    private final int maxGroup;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param store writes a group in one transaction, or throws
     * @param capacity how many items may wait; beyond it {@link #submit} refuses at once
     * @param maxGroup the most items in one transaction
     */
    public GroupCommit(String name, Consumer<List<T>> store, int capacity, int maxGroup) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.store = store;
        this.maxGroup = maxGroup;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    }

    public GroupCommit<T> start() {
        thread.start();
        return this;
    }

    /**
     * Queues {@code item}; the future completes when it is stored, or exceptionally when it cannot
     * be (the queue is full, the store failed, the writer stopped).
     */
    public CompletableFuture<Void> submit(T item) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("shutting down"));
        } else if (!queue.offer(new Waiting<>(item, done))) {
            done.completeExceptionally(new IllegalStateException("too many pings waiting to be stored"));
        }
        return done;
    }

    /** How many items wait to be stored now. */
    public int waiting() {
        return queue.size();
    }

    private void loop() {
        List<Waiting<T>> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Waiting<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                group.clear();
            }
        }
        // Whatever is left when stopping is refused, not dropped silently.
        List<Waiting<T>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(w -> w.done().completeExceptionally(new IllegalStateException("shutting down")));
    }

    private void write(List<Waiting<T>> group) {
        try {
            store.accept(group.stream().map(Waiting::item).toList());
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not store {} pings; their senders are answered with an error: {}",
                    group.size(),
                    e.getMessage());
            group.forEach(w -> w.done().completeExceptionally(e));
            return;
        }
        group.forEach(w -> w.done().complete(null));
    }

    /** Stores what is queued (for at most {@code wait}), then stops. */
    public void close(Duration wait) {
        running = false;
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}

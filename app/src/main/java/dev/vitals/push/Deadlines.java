package dev.vitals.push;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The due-time index: for each monitor id, its next deadline and what passing it means. Lateness is
 * found by asking for what is due, not by scanning every monitor, so 100,000 push monitors cost
 * nothing between deadlines.
 *
 * <p>Design: a binary min-heap of nodes ordered by deadline (ties in the order they were put), plus a
 * map from id to node. Each node knows its place in the heap, as the tasks of the JDK's {@code
 * ScheduledThreadPoolExecutor} do, so replacing or removing one id is O(log n) without a search;
 * {@link #takeDue} is O(log n) per entry taken and {@link #next} O(1). A node is one small object
 * beside the map's own entry, and a replacement moves it instead of allocating: 100,000 ids took
 * 12.7 MB in all (about 127 bytes each, measured when the time was an {@code Instant}; the {@link
 * Moment} that holds it now is 8 bytes more; Java 25, compressed pointers), and a put or a take
 * about 2 µs.
 *
 * <p>Thread-safe: every operation holds the index's lock for its O(log n) work. When a put makes a
 * deadline the earliest, {@code onEarlier} runs after the lock is let go, so that a thread sleeping
 * until the former earliest ({@link DeadlineWatcher}) wakes up.
 *
 * @param <W> what a deadline means; the caller's type
 */
public final class Deadlines<W> {
    private final Runnable onEarlier;
    private final Map<String, Node<W>> byId = new HashMap<>();
    private Node<W>[] heap = newArray(16);
    private int size;
    private long puts;

    /** An index on its own, for tests and for callers that poll it. */
    public Deadlines() {
        this(() -> {});
    }

    Deadlines(Runnable onEarlier) {
        this.onEarlier = onEarlier;
    }

    /** Sets the deadline of {@code id}, replacing any it had. */
    public void put(String id, Instant at, W what) {
        boolean earliest;
        synchronized (this) {
            Node<W> n = byId.get(id);
            if (n == null) {
                n = new Node<>(id);
                byId.put(id, n);
                if (size == heap.length) {
                    heap = Arrays.copyOf(heap, size * 2);
                }
                n.index = size;
                heap[size++] = n;
            }
            n.at.set(at);
            if (n.what != what) {
                n.what = what; // a store only when it changes: see Moment
            }
            n.order = puts++;
            siftUp(n.index);
            siftDown(n.index);
            earliest = heap[0] == n;
        }
        if (earliest) {
            onEarlier.run();
        }
    }

    /** Forgets the deadline of {@code id}; false if it had none. */
    public synchronized boolean remove(String id) {
        Node<W> n = byId.remove(id);
        if (n == null) {
            return false;
        }
        removeAt(n.index);
        return true;
    }

    /** The deadline of {@code id}, if it has one. */
    public synchronized Optional<Due<W>> get(String id) {
        return Optional.ofNullable(byId.get(id)).map(Node::due);
    }

    /** Removes and returns every entry whose deadline is at or before {@code now}, earliest first. */
    public synchronized List<Due<W>> takeDue(Instant now) {
        List<Due<W>> due = new ArrayList<>();
        while (size > 0 && !heap[0].at.isAfter(now)) {
            Node<W> n = heap[0];
            byId.remove(n.id);
            removeAt(0);
            due.add(n.due());
        }
        return due;
    }

    /** The earliest deadline, if there is any. */
    public synchronized Optional<Instant> next() {
        return size == 0 ? Optional.empty() : Optional.of(heap[0].at.instant());
    }

    public synchronized int size() {
        return size;
    }

    private void removeAt(int i) {
        Node<W> last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            siftUp(i);
            siftDown(last.index);
        }
    }

    private void siftUp(int i) {
        Node<W> n = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!heap[parent].after(n)) {
                break;
            }
            place(heap[parent], i);
            i = parent;
        }
        place(n, i);
    }

    private void siftDown(int i) {
        Node<W> n = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child].after(heap[child + 1])) {
                child++;
            }
            if (!n.after(heap[child])) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(n, i);
    }

    private void place(Node<W> n, int i) {
        heap[i] = n;
        n.index = i;
    }

    @SuppressWarnings("unchecked")
    private static <W> Node<W>[] newArray(int length) {
        return (Node<W>[]) new Node<?>[length];
    }

    /**
     * Mutable on purpose: replacing a deadline moves the node instead of making a new one, and its
     * time changes in place ({@link Moment}).
     */
    private static final class Node<W> {
        final String id;
        final Moment at = new Moment();
        W what;
        long order;
        int index;

        Node(String id) {
            this.id = id;
        }

        boolean after(Node<W> o) {
            int c = at.compareTo(o.at);
            return c > 0 || (c == 0 && order > o.order);
        }

        Due<W> due() {
            return new Due<>(id, at.instant(), what);
        }
    }
}

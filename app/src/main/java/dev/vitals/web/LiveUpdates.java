package dev.vitals.web;

import dev.vitals.api.ApiException;
import dev.vitals.api.Json;
import dev.vitals.api.Route;
import dev.vitals.board.Board;
import dev.vitals.board.Filter;
import dev.vitals.board.Overview;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.MonitorRegistry;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Live updates of open pages over Server-Sent Events ({@code GET /events}). A page names what it
 * shows (the overview's query, one monitor, or what is wrong); the stream then sends an event {@code
 * row} for each of those monitors that changed, {@code counts} when a state changed (the overview),
 * and {@code problems} when the list of what is wrong changed. Changes are gathered for a quarter of
 * a second and sent together, a comment keeps the connection open, and a stream ends after a few
 * minutes so that the browser reconnects through the access check again.
 */
final class LiveUpdates implements AutoCloseable {
    static final int MAX_STREAMS = 200;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration GATHER = Duration.ofMillis(250);
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final Board board;
    private final Overview overview;
    private final MonitorRegistry registry;
    private final InstantSource clock;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final Set<Stream> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LiveUpdates(Board board, Overview overview, MonitorRegistry registry, InstantSource clock) {
        this.board = board;
        this.overview = overview;
        this.registry = registry;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(Route.get("/events", this::events));
    }

    /** What a stream watches: some monitors (null: all), and whether counts or the problem list follow. */
    private record Watch(Optional<Set<String>> ids, Optional<Filter> counts, boolean problems) {}

    private Watch watch(Context ctx) {
        String monitor = ctx.queryParam("monitor");
        if (monitor != null) {
            if (registry.get(monitor).isEmpty()) {
                throw ApiException.notFound("no monitor with id \"" + monitor + "\"");
            }
            return new Watch(Optional.of(Set.of(monitor)), Optional.empty(), false);
        }
        if (ctx.queryParam("problems") != null) {
            return new Watch(Optional.of(Set.of()), Optional.empty(), true);
        }
        Filter f = ConsolePages.filter(ctx);
        Set<String> ids = new HashSet<>();
        for (Overview.Row r :
                overview.page(f, ConsolePages.page(ctx), ConsolePages.PAGE_SIZE).rows()) {
            ids.add(r.monitor().id());
        }
        return new Watch(Optional.of(ids), Optional.of(f), false);
    }

    private void events(Context ctx) throws IOException {
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        if (!accept.contains("text/event-stream")) {
            // Browsers' EventSource always asks so; anything else would hold a stream it cannot read.
            throw new ApiException(
                    406,
                    "Not acceptable",
                    "this address streams live updates to pages; ask with Accept: text/event-stream",
                    Optional.empty(),
                    List.of());
        }
        Watch w = watch(ctx);
        if (closed || !streams.tryAcquire()) {
            ctx.header("Retry-After", "30");
            throw new ApiException(
                    503,
                    "Service unavailable",
                    "too many live pages are open; try again shortly",
                    Optional.empty(),
                    List.of());
        }
        Stream s = new Stream(w);
        board.listen(s);
        open.add(s);
        try {
            ctx.res().setStatus(200);
            ctx.res().setContentType("text/event-stream; charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-store");
            ctx.res().setHeader("X-Accel-Buffering", "no");
            s.run(ctx.res().getOutputStream());
        } catch (IOException gone) {
            // The page was closed: nothing to do.
        } finally {
            board.unlisten(s);
            open.remove(s);
            streams.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Stream s : open) {
            s.stop();
        }
    }

    /** One open page's stream: what changed since the last send, and the thread that sends it. */
    private final class Stream implements Consumer<Board.Change> {
        private final Watch watch;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Set<String> dirty = new LinkedHashSet<>();
        private boolean stateChanged;
        private boolean stopped;

        Stream(Watch watch) {
            this.watch = watch;
        }

        @Override
        public void accept(Board.Change c) {
            boolean wanted = watch.ids().map(ids -> ids.contains(c.monitorId())).orElse(true);
            boolean counts = c.stateChanged() && (watch.counts().isPresent() || watch.problems());
            if (!wanted && !counts) {
                return;
            }
            lock.lock();
            try {
                if (wanted) {
                    dirty.add(c.monitorId());
                }
                stateChanged |= counts;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void stop() {
            lock.lock();
            try {
                stopped = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void run(OutputStream out) throws IOException {
            send(out, "retry: 3000\n\n");
            long end = System.nanoTime() + LIFETIME.toNanos();
            while (System.nanoTime() < end && !closed) {
                Set<String> ids;
                boolean states;
                lock.lock();
                try {
                    if (dirty.isEmpty() && !stateChanged && !stopped) {
                        changed.await(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    if (stopped) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    lock.unlock();
                }
                try {
                    Thread.sleep(GATHER);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                lock.lock();
                try {
                    ids = new LinkedHashSet<>(dirty);
                    dirty.clear();
                    states = stateChanged;
                    stateChanged = false;
                } finally {
                    lock.unlock();
                }
                if (ids.isEmpty() && !states) {
                    send(out, ": keep-alive\n\n");
                    continue;
                }
                StringBuilder b = new StringBuilder();
                for (String id : ids) {
                    overview.row(id, registry::get)
                            .ifPresent(r -> event(
                                    b, "row", Console.row(r, clock.instant()).json()));
                }
                if (states && watch.counts().isPresent()) {
                    Map<String, Object> counts = new LinkedHashMap<>();
                    overview.page(watch.counts().get(), 1, 1)
                            .counts()
                            .forEach((State st, Integer n) -> counts.put(st.word(), n));
                    event(b, "counts", counts);
                }
                if (states && watch.problems()) {
                    event(b, "problems", Map.of());
                }
                send(out, b.toString());
            }
        }

        private static void event(StringBuilder b, String name, Object data) {
            b.append("event: ").append(name).append('\n');
            b.append("data: ").append(Json.write(data)).append("\n\n");
        }

        private static void send(OutputStream out, String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}

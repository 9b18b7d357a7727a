package dev.vitals.evaluation;

import dev.vitals.checks.CheckResult;
import dev.vitals.config.Durations;
import dev.vitals.monitors.Monitor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps the current status of every monitor and applies {@link Confirmation} to each new result.
 * Results of one monitor are applied one at a time, in order, and handed to the sinks (the results
 * store first) under the same lock, so that the store sees a monitor's results and flips in the
 * order they happened.
 */
public final class Evaluator {
    private final InstantSource clock;
    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final List<Consumer<Evaluated>> sinks = new CopyOnWriteArrayList<>();

    public Evaluator(InstantSource clock) {
        this.clock = clock;
    }

    /** Adds a receiver of every evaluation; sinks must be quick (enqueue, not write). */
    public void addSink(Consumer<Evaluated> sink) {
        sinks.add(sink);
    }

    /** Starts tracking a monitor: pending (or paused), unless it is tracked already. */
    public void track(Monitor m) {
        cells.computeIfAbsent(
                m.id(),
                id -> new Cell(
                        m.paused()
                                ? new MonitorStatus(State.PAUSED, clock.instant(), Optional.of("paused"), List.of())
                                : MonitorStatus.pending(clock.instant())));
    }

    /** Restores a status read from the store at start-up, before any result arrives. */
    public void restore(String monitorId, MonitorStatus status) {
        cells.put(monitorId, new Cell(status));
    }

    public void untrack(String monitorId) {
        cells.remove(monitorId);
    }

    public Optional<MonitorStatus> status(String monitorId) {
        return Optional.ofNullable(cells.get(monitorId)).map(c -> c.status);
    }

    public Map<String, MonitorStatus> statuses() {
        Map<String, MonitorStatus> out = new java.util.HashMap<>();
        cells.forEach((id, c) -> out.put(id, c.status));
        return out;
    }

    /**
     * Applies one result of {@code monitor}. The result of a monitor that is no longer tracked (it was
     * deleted while its check ran) is dropped: keeping it would bring the deleted monitor back.
     */
    public Evaluated accept(Monitor monitor, CheckResult result) {
        Cell cell = cells.get(monitor.id());
        if (cell == null) {
            return new Evaluated(monitor.id(), Optional.empty(), MonitorStatus.pending(result.at()), Optional.empty());
        }
        cell.lock.lock();
        try {
            if (cell.status.state() == State.PAUSED) {
                // A check that was running when the monitor was paused: keep the result, not the state.
                return emit(new Evaluated(monitor.id(), Optional.of(result), cell.status, Optional.empty()));
            }
            Confirmation.Step step =
                    Confirmation.apply(monitor.id(), cell.status, ResultSummary.of(result), monitor.confirm());
            cell.status = step.status();
            return emit(new Evaluated(monitor.id(), Optional.of(result), step.status(), step.flip()));
        } finally {
            cell.lock.unlock();
        }
    }

    /** Pauses a monitor: checks stop and its time stops counting, until {@link #resume}. */
    public Optional<Flip> pause(String monitorId, String why) {
        return change(monitorId, State.PAUSED, why);
    }

    public Optional<Flip> resume(String monitorId) {
        return change(monitorId, State.PENDING, "resumed");
    }

    /**
     * Marks every judged monitor unknown from {@code from}, because Vitals was not running until
     * {@code to}: that time must never count as up.
     */
    public void markGap(Instant from, Instant to) {
        String why = "Vitals was not running for " + Durations.human(Duration.between(from, to)) + ", from " + from
                + " to " + to;
        for (Map.Entry<String, Cell> e : cells.entrySet()) {
            Cell cell = e.getValue();
            cell.lock.lock();
            try {
                State s = cell.status.state();
                if (s == State.PAUSED || s == State.PENDING || s == State.UNKNOWN) {
                    continue;
                }
                Flip flip = new Flip(e.getKey(), from, s, State.UNKNOWN, why, List.of());
                cell.status = new MonitorStatus(State.UNKNOWN, from, Optional.of(why), List.of());
                emit(new Evaluated(e.getKey(), Optional.empty(), cell.status, Optional.of(flip)));
            } finally {
                cell.lock.unlock();
            }
        }
    }

    private Optional<Flip> change(String monitorId, State to, String why) {
        Cell cell = cells.get(monitorId);
        if (cell == null) {
            return Optional.empty();
        }
        cell.lock.lock();
        try {
            State from = cell.status.state();
            if (from == to || (to == State.PENDING && from != State.PAUSED)) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            Flip flip = new Flip(monitorId, now, from, to, why, List.of());
            cell.status = new MonitorStatus(to, now, Optional.of(why), List.of());
            emit(new Evaluated(monitorId, Optional.empty(), cell.status, Optional.of(flip)));
            return Optional.of(flip);
        } finally {
            cell.lock.unlock();
        }
    }

    private Evaluated emit(Evaluated e) {
        for (Consumer<Evaluated> sink : sinks) {
            sink.accept(e);
        }
        return e;
    }

    private static final class Cell {
        final ReentrantLock lock = new ReentrantLock();
        volatile MonitorStatus status;

        Cell(MonitorStatus status) {
            this.status = status;
        }
    }
}

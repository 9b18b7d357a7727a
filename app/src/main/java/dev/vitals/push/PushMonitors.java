package dev.vitals.push;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.checks.Timings;
import dev.vitals.config.Durations;
import dev.vitals.metrics.Histogram;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.PushTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push monitors' engine: takes pings (already durable) and deadlines, keeps each job's run state,
 * and turns both into results for the evaluator, so that push monitors flip, alert and count for
 * availability as checked monitors do.
 *
 * <ul>
 *   <li>A run's end ({@code /ping/{key}}, {@code /fail}, an exit status) is a result: up, or down for
 *       a failure; degraded when it finished faster than {@code min_duration}; slow when it ran
 *       longer than {@code slow}. Its duration, measured from its start (paired by {@code rid}, or
 *       the last start without one), is the result's latency.
 *   <li>The next ping is then due by the schedule; past due it is late (degraded), past due plus
 *       grace it is down. These are deadlines in a {@link Deadlines} index, not a scan.
 *   <li>A start suspends the due time: the run must end within {@code max_duration} (or the grace
 *       time when none is given), or the monitor is down, "running too long".
 *   <li>Until its first ping a monitor is pending: nothing is due yet.
 * </ul>
 */
public final class PushMonitors {
    private static final Logger LOG = LoggerFactory.getLogger(PushMonitors.class);
    private static final String RUN = "#run";

    /** What a deadline means. */
    public enum Deadline {
        LATE,
        DOWN,
        TOO_LONG
    }

    /** How a push monitor stands, for the API and the console. */
    public enum RunState {
        PENDING,
        RUNNING,
        LATE,
        /** Not running and not late: the evaluator's state says the rest (up, degraded, down). */
        REPORTED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A monitor's push state at one instant. */
    public record Status(
            UUID key,
            RunState state,
            String schedule,
            Optional<Instant> lastPing,
            Optional<Instant> nextDue,
            Optional<Instant> runningSince) {}

    /**
     * One job's state; guarded by itself. Its times change in place ({@link Moment}): a ping makes it
     * point at nothing new.
     */
    private static final class Track {
        Monitor monitor;
        PushSchedule schedule;
        final Moment lastPing = new Moment();
        final Moment lastEnd = new Moment();
        final Moment due = new Moment();
        /** Whether a run's deadline may be set, so that a ping with none running need not remove one. */
        boolean runDeadline;
        /** Runs started and not ended: by rid ("" for none), their start. */
        final Map<String, Instant> running = new LinkedHashMap<>();

        boolean late;

        Track(Monitor m) {
            set(m);
        }

        void set(Monitor m) {
            monitor = m;
            schedule = scheduleOf((PushTarget) m.target());
        }
    }

    private final InstantSource clock;
    private final BiConsumer<Monitor, CheckResult> results;
    private final DeadlineWatcher<Deadline> watcher;
    private final Deadlines<Deadline> deadlines;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<UUID, String> byKey = new ConcurrentHashMap<>();
    private final Map<String, UUID> keys = new ConcurrentHashMap<>();
    /**
     * How late deadlines were handled, from the instant each was due to the instant its result was
     * made: issue 6 wants a missed heartbeat noticed within 2 s of its deadline with 100,000 monitors.
     */
    private final Histogram deadlineLag = new Histogram();

    public PushMonitors(InstantSource clock, BiConsumer<Monitor, CheckResult> results) {
        this.clock = clock;
        this.results = results;
        this.watcher = new DeadlineWatcher<>(clock, this::due);
        this.deadlines = watcher.deadlines();
    }

    static PushSchedule scheduleOf(PushTarget t) {
        return t.cron()
                .<PushSchedule>map(c -> new PushSchedule.Cron(c, t.tz()))
                .orElseGet(() -> new PushSchedule.Period(t.period().orElse(PushTarget.DEFAULT_PERIOD)));
    }

    /** Starts watching deadlines (on its own thread). Tests call {@link #runDue()} instead. */
    public void start() {
        watcher.start();
    }

    public void stop() {
        watcher.close();
    }

    /** Hands out what is due now; returns the next deadline. For tests with a settable clock. */
    public Optional<Instant> runDue() {
        return watcher.runDue();
    }

    // ---- monitors come and go

    /**
     * A push monitor added or changed, with its ping key: the configured one, or the one Vitals made.
     * A key another monitor holds is not taken (the first keeps it); that is logged.
     */
    public void put(Monitor m, UUID key) {
        if (!m.isPush()) {
            remove(m.id());
            return;
        }
        String holder = byKey.putIfAbsent(key, m.id());
        if (holder != null && !holder.equals(m.id())) {
            LOG.warn("push monitor {} has the ping key of {}; its pings go to {}", m.id(), holder, holder);
        }
        UUID old = keys.put(m.id(), key);
        if (old != null && !old.equals(key)) {
            byKey.remove(old, m.id());
        }
        Track t = tracks.computeIfAbsent(m.id(), id -> new Track(m));
        synchronized (t) {
            t.set(m);
            if (m.paused()) {
                deadlines.remove(m.id());
                deadlines.remove(m.id() + RUN);
            } else {
                reschedule(t);
            }
        }
    }

    public void remove(String monitorId) {
        tracks.remove(monitorId);
        UUID key = keys.remove(monitorId);
        if (key != null) {
            byKey.remove(key, monitorId);
        }
        deadlines.remove(monitorId);
        deadlines.remove(monitorId + RUN);
    }

    /** The monitor a key pings, if any. */
    public Optional<String> monitorOf(UUID key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Optional<UUID> keyOf(String monitorId) {
        return Optional.ofNullable(keys.get(monitorId));
    }

    /**
     * After a restart: the pings since each monitor's last run end, oldest first, rebuild its state;
     * deadlines missed while Vitals was away fire at once. {@code needsResult} says, for a monitor and
     * the time of its last run's end, whether the evaluator needs that run judged again: because the
     * ping was stored but not judged before a crash, or because the time Vitals was away made the
     * monitor unknown (a checked monitor is judged again at its next check; a push monitor's next ping
     * may be a day away). The run is judged again as of now, with the same outcome and reason.
     */
    public void restore(
            Map<String, List<Ping>> sinceLastEnd, java.util.function.BiPredicate<String, Instant> needsResult) {
        sinceLastEnd.forEach((id, pings) -> {
            Track t = tracks.get(id);
            if (t == null) {
                return;
            }
            CheckResult again = null;
            synchronized (t) {
                Ping lastEnd = null;
                Optional<Duration> lastTook = Optional.empty();
                for (Ping p : pings) {
                    Optional<Duration> took = remember(t, p);
                    if (p.kind().ends()) {
                        lastEnd = p;
                        lastTook = took;
                    }
                }
                reschedule(t);
                if (lastEnd != null && !t.monitor.paused() && needsResult.test(id, lastEnd.at())) {
                    CheckResult r = judge(t, lastEnd, lastTook);
                    Instant now = clock.instant();
                    Instant endedAt = lastEnd.at();
                    again = new CheckResult(
                            r.monitorId(),
                            now.isAfter(r.at()) ? now : r.at(),
                            r.outcome(),
                            r.latency(),
                            r.timings(),
                            r.reason().map(x -> x + " (last run ended " + endedAt + ")"),
                            r.certificateExpiry(),
                            r.lateness());
                }
            }
            if (again != null) {
                results.accept(t.monitor, again);
            }
        });
    }

    // ---- pings

    /**
     * Applies a ping that is stored. Returns the result it made, if it ended a run. The ping of a
     * monitor removed meanwhile, or paused, changes nothing.
     */
    public Optional<CheckResult> apply(Ping p) {
        Track t = tracks.get(p.monitorId());
        if (t == null || p.kind() == Ping.Kind.LOG) {
            return Optional.empty();
        }
        CheckResult r;
        Monitor m;
        synchronized (t) {
            m = t.monitor;
            if (m.paused()) {
                return Optional.empty();
            }
            Optional<Duration> took = remember(t, p);
            reschedule(t);
            if (!p.kind().ends()) {
                return Optional.empty();
            }
            r = judge(t, p, took);
        }
        results.accept(m, r);
        return Optional.of(r);
    }

    /** Updates the track for {@code p}; for a run's end, returns how long the run took when its start is known. */
    private static Optional<Duration> remember(Track t, Ping p) {
        switch (p.kind()) {
            case START -> {
                t.running.put(p.rid().orElse(""), p.at());
                t.lastPing.set(p.at());
                return Optional.empty();
            }
            case SUCCESS, FAIL -> {
                Instant started =
                        t.running.isEmpty() ? null : t.running.remove(p.rid().orElse(""));
                t.lastPing.set(p.at());
                t.lastEnd.set(p.at());
                t.late = false;
                return Optional.ofNullable(started)
                        .filter(s -> !s.isAfter(p.at()))
                        .map(s -> Duration.between(s, p.at()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static CheckResult judge(Track t, Ping p, Optional<Duration> took) {
        PushTarget target = (PushTarget) t.monitor.target();
        Duration latency = took.orElse(Duration.ZERO);
        String ran = took.map(d -> "ran " + Durations.human(d)).orElse("pinged");
        Outcome o;
        String reason;
        if (p.kind() == Ping.Kind.FAIL) {
            o = Outcome.DOWN;
            reason = p.exitStatus()
                    .map(s -> "the job failed: exit status " + s + " (" + ran + ")")
                    .orElse("the job reported failure (" + ran + ")");
        } else if (took.isPresent()
                && target.minDuration().isPresent()
                && took.get().compareTo(target.minDuration().get()) < 0) {
            o = Outcome.DEGRADED;
            reason = "finished in " + Durations.human(took.get()) + ", faster than min_duration "
                    + Durations.human(target.minDuration().get()) + ": did it do its work?";
        } else if (took.isPresent() && took.get().compareTo(t.monitor.slow()) > 0) {
            o = Outcome.SLOW;
            reason = "ran " + Durations.human(took.get()) + ", longer than slow " + Durations.human(t.monitor.slow());
        } else {
            o = Outcome.UP;
            reason = ran;
        }
        return result(t.monitor, p.at(), o, latency, reason);
    }

    private static CheckResult result(Monitor m, Instant at, Outcome o, Duration latency, String reason) {
        return new CheckResult(
                m.id(), at, o, latency, Timings.NONE, Optional.of(reason), Optional.empty(), Duration.ZERO);
    }

    // ---- deadlines

    /** Sets the deadlines that follow from the track: the run's end, or the next due time. */
    private void reschedule(Track t) {
        String id = t.monitor.id();
        PushTarget target = (PushTarget) t.monitor.target();
        if (!t.running.isEmpty()) {
            Instant oldest = t.running.values().stream().min(Instant::compareTo).orElseThrow();
            Duration limit = target.maxDuration().orElse(target.grace());
            deadlines.remove(id);
            t.due.clear();
            deadlines.put(id + RUN, oldest.plus(limit), Deadline.TOO_LONG);
            t.runDeadline = true;
            return;
        }
        if (t.runDeadline) {
            deadlines.remove(id + RUN);
            t.runDeadline = false;
        }
        if (!t.lastEnd.isSet()) {
            // Pending, or started once and never ended: nothing is due before a first run ends.
            deadlines.remove(id);
            t.due.clear();
            return;
        }
        Instant due = t.schedule.dueAfter(t.lastEnd.instant());
        t.due.set(due);
        // Late already: down when grace is over. Otherwise late at the due time (at once, when that has
        // passed while Vitals was away).
        if (t.late) {
            deadlines.put(id, due.plus(target.grace()), Deadline.DOWN);
        } else {
            deadlines.put(id, due, Deadline.LATE);
        }
    }

    private void due(List<Due<Deadline>> due) {
        for (Due<Deadline> d : due) {
            try {
                fire(d);
            } catch (RuntimeException e) {
                LOG.error("push deadline of {} could not be handled: {}", d.id(), e.getMessage(), e);
            }
        }
    }

    private void fire(Due<Deadline> d) {
        String id = d.id().endsWith(RUN) ? d.id().substring(0, d.id().length() - RUN.length()) : d.id();
        Track t = tracks.get(id);
        if (t == null) {
            return;
        }
        CheckResult r;
        Monitor m;
        synchronized (t) {
            m = t.monitor;
            if (m.paused()) {
                return;
            }
            PushTarget target = (PushTarget) m.target();
            Instant now = clock.instant();
            // Counted for every deadline handled, also one a later ping or start made moot: the figure
            // is how far the watcher is behind, whatever the deadline turns out to mean.
            deadlineLag.observe(Duration.between(d.at(), now));
            String last = t.lastPing.get().map(x -> "no ping since " + x).orElse("no ping yet");
            switch (d.what()) {
                case LATE -> {
                    if (!t.running.isEmpty() || !t.due.isSet()) {
                        return; // a start came first
                    }
                    t.late = true;
                    Instant downAt = t.due.instant().plus(target.grace());
                    deadlines.put(id, downAt, Deadline.DOWN);
                    r = result(
                            m,
                            now,
                            Outcome.DEGRADED,
                            Duration.ZERO,
                            "late: " + last + "; expected by " + t.due.instant() + ", down at " + downAt);
                }
                case DOWN -> {
                    if (!t.running.isEmpty() || !t.due.isSet()) {
                        return;
                    }
                    r = result(
                            m,
                            now,
                            Outcome.DOWN,
                            Duration.ZERO,
                            last + "; expected by " + t.due.instant() + " (grace " + Durations.human(target.grace())
                                    + ")");
                }
                case TOO_LONG -> {
                    if (t.running.isEmpty()) {
                        return;
                    }
                    Instant oldest =
                            t.running.values().stream().min(Instant::compareTo).orElseThrow();
                    r = result(
                            m,
                            now,
                            Outcome.DOWN,
                            Duration.between(oldest, now),
                            "running too long: started " + oldest + ", not finished within "
                                    + (target.maxDuration().isPresent()
                                            ? "max_duration "
                                                    + Durations.human(
                                                            target.maxDuration().get())
                                            : "grace " + Durations.human(target.grace())));
                }
                default -> throw new IllegalStateException();
            }
        }
        results.accept(m, r);
    }

    // ---- reading

    public Optional<Status> status(String monitorId) {
        Track t = tracks.get(monitorId);
        UUID key = keys.get(monitorId);
        if (t == null || key == null) {
            return Optional.empty();
        }
        synchronized (t) {
            RunState s = !t.running.isEmpty()
                    ? RunState.RUNNING
                    : !t.lastPing.isSet() ? RunState.PENDING : t.late ? RunState.LATE : RunState.REPORTED;
            return Optional.of(new Status(
                    key,
                    s,
                    t.schedule.describe(),
                    t.lastPing.get(),
                    t.due.get(),
                    t.running.values().stream().min(Instant::compareTo)));
        }
    }

    /** How late deadlines were handled after they fell due ({@code vitals_push_deadline_lag_seconds}). */
    public Histogram deadlineLag() {
        return deadlineLag;
    }

    /** How many deadlines are set: for metrics and tests. */
    public int deadlinesSet() {
        return deadlines.size();
    }
}

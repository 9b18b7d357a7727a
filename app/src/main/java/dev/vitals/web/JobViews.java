package dev.vitals.web;

import dev.vitals.accounts.Caller;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.PushTarget;
import dev.vitals.push.PushMonitors;
import dev.vitals.push.PushViews;
import dev.vitals.push.Runs;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The "Job" part of a push monitor's page: its schedule and state in words, its ping URL and its runs. */
final class JobViews {
    /** Runs shown on the page; the API gives up to {@link PushViews#KEPT_RUNS}. */
    static final int RUNS_SHOWN = 20;

    private final PushViews push;

    JobViews(PushViews push) {
        this.push = push;
    }

    /** The job of {@code m} as {@code caller} may see it, or empty when {@code m} is not a push monitor. */
    Optional<ConsoleViews.Job> of(Monitor m, Caller caller, Instant now) {
        if (!(m.target() instanceof PushTarget target)) {
            return Optional.empty();
        }
        return push.status(m.id())
                .map(s -> new ConsoleViews.Job(
                        s.schedule(),
                        s.state().word(),
                        stateWords(s, now),
                        s.lastPing()
                                .map(t -> Format.time(t) + " (" + Console.duration(Duration.between(t, now)) + " ago)")
                                .orElse("never"),
                        nextDue(s, now),
                        Console.duration(target.grace()),
                        target.maxDuration().map(Console::duration),
                        showsPingUrl(m, caller)
                                ? Optional.of(push.pingUrl(s.key()).toString())
                                : Optional.empty(),
                        push.runs(m.id(), RUNS_SHOWN).stream()
                                .map(JobViews::run)
                                .toList()));
    }

    /**
     * Whether {@code caller} sees the ping URL: the same rule as the API's ({@code MonitorRoutes.view}),
     * admins and members of the monitor's team (label {@code team}), because whoever has the URL can
     * report the job as done.
     */
    static boolean showsPingUrl(Monitor m, Caller caller) {
        return dev.vitals.push.PushViews.showsPingUrl(m, caller);
    }

    private static String stateWords(PushMonitors.Status s, Instant now) {
        return switch (s.state()) {
            case PENDING -> "pending: waiting for its first ping";
            case RUNNING ->
                "running " + s.runningSince().map(t -> Console.since(t, now)).orElse("");
            case LATE ->
                "late: its ping was due " + s.nextDue().map(Format::time).orElse("already");
            case REPORTED -> "reported; waiting for the next run";
        };
    }

    private static String nextDue(PushMonitors.Status s, Instant now) {
        if (s.state() == PushMonitors.RunState.PENDING) {
            return "nothing until its first ping";
        }
        if (s.state() == PushMonitors.RunState.RUNNING) {
            return "when the running job ends";
        }
        return s.nextDue()
                .map(t -> Format.time(t)
                        + (t.isAfter(now)
                                ? " (in " + Console.duration(Duration.between(now, t)) + ")"
                                : " (" + Console.duration(Duration.between(t, now)) + " ago)"))
                .orElse("–");
    }

    static ConsoleViews.RunView run(Runs.Run r) {
        return new ConsoleViews.RunView(
                outcome(r.outcome()),
                r.startedAt().map(Format::exact).orElse("–"),
                r.endedAt().map(Format::exact).orElse(r.outcome() == Runs.Outcome.RUNNING ? "not yet" : "–"),
                r.duration().map(JobViews::took).orElse("–"),
                r.exitStatus().map(String::valueOf).orElse("–"),
                r.log(),
                r.logTruncated(),
                r.messages().stream()
                        .map(msg -> new ConsoleViews.MessageView(Format.exact(msg.at()), msg.text(), msg.truncated()))
                        .toList());
    }

    /** A run's length: "840 ms" and "12.5 s" for short jobs, "3 min", "1 h 5 min" for long ones. */
    static String took(Duration d) {
        return d.compareTo(Duration.ofMinutes(1)) < 0 ? Console.latency(d) : Console.duration(d);
    }

    /** An outcome with its icon and word, as states are shown: never by colour alone. */
    private static Status outcome(Runs.Outcome o) {
        return switch (o) {
            case SUCCESS -> new Status("success", "✓", "Success");
            case FAILURE -> new Status("failure", "✕", "Failure");
            case RUNNING -> new Status("running", "…", "Running");
            case MESSAGE -> new Status("message", "✉", "Message");
        };
    }
}

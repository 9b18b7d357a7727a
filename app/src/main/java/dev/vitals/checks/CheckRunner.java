package dev.vitals.checks;

import dev.vitals.config.Durations;
import dev.vitals.monitors.DnsTarget;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.Origin;
import dev.vitals.monitors.PushTarget;
import dev.vitals.monitors.RedisTarget;
import dev.vitals.monitors.SqlTarget;
import dev.vitals.monitors.TcpTarget;
import dev.vitals.monitors.TlsTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check of a monitor with the checker for its kind, and judges the probe: a passed probe
 * slower than the monitor's {@code slow} threshold is {@link Outcome#SLOW}, because a service that
 * answers too slowly to use is not up.
 *
 * <p>A restricted monitor (one a non-admin created or last changed through the API) is checked
 * behind the {@link NetworkGuard}; the others may reach any address.
 */
public final class CheckRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);

    private final InstantSource clock;
    private final Checkers checkers;
    private final NetworkGuard guard;

    /** A runner that lets every monitor reach every address. */
    public CheckRunner(InstantSource clock, Checkers checkers) {
        this(clock, checkers, NetworkGuard.NONE);
    }

    public CheckRunner(InstantSource clock, Checkers checkers, NetworkGuard guard) {
        this.clock = clock;
        this.checkers = checkers;
        this.guard = guard;
    }

    /** Runs a check now; {@code lateness} is how long after its due time it started. */
    public CheckResult run(Monitor monitor, Duration lateness) {
        Instant at = clock.instant();
        Deadline deadline = Deadline.in(monitor.timeout());
        Probe probe;
        try {
            probe = probe(monitor, deadline);
        } catch (RuntimeException | LinkageError e) {
            // A checker bug must not stop the engine or pass for the service being down.
            LOG.error("check of monitor {} failed unexpectedly", monitor.id(), e);
            return new CheckResult(
                    monitor.id(),
                    at,
                    Outcome.UNKNOWN,
                    deadline.elapsed(),
                    Timings.NONE,
                    Optional.of("Vitals could not run this check (" + Failures.message(e) + ")"),
                    Optional.empty(),
                    lateness);
        }
        return judge(monitor, at, probe, lateness);
    }

    /** Turns a probe into a result; public so that the judgement can be tested without a network. */
    public static CheckResult judge(Monitor monitor, Instant at, Probe probe, Duration lateness) {
        return switch (probe.verdict()) {
            case Verdict.Failed f -> result(monitor, at, probe, Outcome.DOWN, Optional.of(f.reason()), lateness);
            case Verdict.Warned w -> result(monitor, at, probe, Outcome.DEGRADED, Optional.of(w.reason()), lateness);
            case Verdict.Passed p ->
                probe.latency().compareTo(monitor.slow()) > 0
                        ? result(
                                monitor,
                                at,
                                probe,
                                Outcome.SLOW,
                                Optional.of("took " + Durations.human(probe.latency()) + ", slower than "
                                        + Durations.human(monitor.slow())),
                                lateness)
                        : result(monitor, at, probe, Outcome.UP, Optional.empty(), lateness);
        };
    }

    private static CheckResult result(
            Monitor m, Instant at, Probe p, Outcome o, Optional<String> reason, Duration lateness) {
        return new CheckResult(m.id(), at, o, p.latency(), p.timings(), reason, p.certificateExpiry(), lateness);
    }

    private Probe probe(Monitor monitor, Deadline deadline) {
        NetworkGuard g = monitor.origin() instanceof Origin.Api api && api.restricted() ? guard : NetworkGuard.NONE;
        return switch (monitor.target()) {
            case HttpTarget t -> checkers.http().check(t, deadline, g);
            case TcpTarget t -> checkers.tcp().check(t, deadline, g);
            case DnsTarget t -> checkers.dns().check(t, deadline, g);
            case TlsTarget t -> checkers.tls().check(t, deadline, g);
            case SqlTarget t -> checkers.sql().check(t, deadline, g);
            case RedisTarget t -> checkers.redis().check(t, deadline, g);
            // Nothing to check: the job reports in. The scheduler never runs these.
            case PushTarget t ->
                Probe.failed(
                        "a push monitor is not checked by Vitals: its job pings Vitals", Duration.ZERO, Timings.NONE);
        };
    }
}

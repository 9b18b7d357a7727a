package dev.vitals.api;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Phase;
import dev.vitals.config.Durations;
import dev.vitals.evaluation.Flip;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.ResultSummary;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.Origin;
import dev.vitals.monitors.PushTarget;
import dev.vitals.results.Availability;
import dev.vitals.results.LatencySketch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the API, written as maps so that every key is visible here. */
public final class Views {
    private Views() {}

    public static Map<String, Object> monitor(Monitor m, Optional<MonitorStatus> status, Optional<CheckResult> last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("name", m.name());
        out.put("description", m.description().orElse(null));
        out.put("kind", m.kind());
        out.put("target", m.target().describe());
        out.put("status", status.map(s -> s.state().word()).orElse("pending"));
        out.put("status_since", status.map(MonitorStatus::since).orElse(null));
        out.put("status_reason", status.flatMap(MonitorStatus::reason).orElse(null));
        out.put("labels", m.labels());
        if (m.isPush()) {
            // Not checked: the job reports in; its schedule and grace are under config.
            out.put("interval", null);
            out.put("timeout", null);
            out.put("slow", m.slow().equals(PushTarget.NEVER_SLOW) ? null : Durations.format(m.slow()));
            out.put("confirm", null);
        } else {
            out.put("interval", Durations.format(m.interval()));
            out.put("timeout", Durations.format(m.timeout()));
            out.put("slow", Durations.format(m.slow()));
            out.put(
                    "confirm",
                    new java.util.TreeMap<>(Map.of(
                            "fail_after",
                            m.confirm().failAfter(),
                            "recover_after",
                            m.confirm().recoverAfter())));
        }
        out.put("paused", m.paused());
        out.put("source", source(m.origin()));
        out.put("last_result", last.map(Views::result).orElse(null));
        out.put("config", m.render());
        Map<String, String> secrets = new LinkedHashMap<>();
        m.target().secretsSet().forEach(k -> secrets.put(k, "set"));
        out.put("secrets", secrets);
        return out;
    }

    static Map<String, Object> source(Origin o) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (o) {
            case Origin.File f -> {
                out.put("type", "file");
                out.put("file", f.location().source());
                out.put("line", f.location().line());
            }
            case Origin.Api a -> out.put("type", "api");
        }
        return out;
    }

    public static Map<String, Object> result(CheckResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", r.at());
        out.put("outcome", r.outcome().word());
        out.put("latency_ms", millis(r.latency()));
        out.put("reason", r.reason().orElse(null));
        Map<String, Object> phases = new LinkedHashMap<>();
        for (Phase p : Phase.values()) {
            r.timings().get(p).ifPresent(d -> phases.put(p.key() + "_ms", millis(d)));
        }
        out.put("phases", phases);
        out.put("lateness_ms", millis(r.lateness()));
        out.put("certificate_expires_at", r.certificateExpiry().orElse(null));
        return out;
    }

    static Map<String, Object> summary(ResultSummary r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", r.at());
        out.put("outcome", r.outcome().word());
        out.put("latency_ms", millis(r.latency()));
        out.put("reason", r.reason().orElse(null));
        return out;
    }

    public static Map<String, Object> flip(Flip f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("monitor", f.monitorId());
        out.put("at", f.at());
        out.put("from", f.from().word());
        out.put("to", f.to().word());
        out.put("reason", f.reason());
        out.put("causes", f.causes().stream().map(Views::summary).toList());
        return out;
    }

    public static Map<String, Object> availability(Availability.Report r, Optional<Duration> window) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("monitor", r.monitorId());
        out.put("window", window.map(Durations::format).orElse(null));
        out.put("from", r.from());
        out.put("to", r.to());
        out.put("good", r.good());
        out.put("bad", r.bad());
        out.put("slow", r.slow());
        out.put("degraded", r.degraded());
        out.put("down", r.down());
        out.put("unknown_seconds", r.unknown().toMillis() / 1000.0);
        out.put("availability", r.availability().isPresent() ? r.availability().getAsDouble() : null);
        Map<String, Object> latency = new LinkedHashMap<>();
        Optional<LatencySketch> s = r.latency();
        latency.put("p50", s.map(x -> x.quantile(0.50) / 1000.0).orElse(null));
        latency.put("p95", s.map(x -> x.quantile(0.95) / 1000.0).orElse(null));
        latency.put("p99", s.map(x -> x.quantile(0.99) / 1000.0).orElse(null));
        out.put("latency_ms", latency);
        return out;
    }

    /** Milliseconds with microsecond precision. */
    static double millis(Duration d) {
        return Math.round(d.toNanos() / 1000.0) / 1000.0;
    }

    /** A push monitor's run state: running, late, pending, or reported (then status says how it went). */
    static Map<String, Object> push(dev.vitals.push.PushMonitors.Status s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s.state().word());
        out.put("schedule", s.schedule());
        out.put("last_ping", s.lastPing().map(Object::toString).orElse(null));
        out.put("next_due", s.nextDue().map(Object::toString).orElse(null));
        out.put("running_since", s.runningSince().map(Object::toString).orElse(null));
        return out;
    }

    static Map<String, Object> run(dev.vitals.push.Runs.Run r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", r.outcome().word());
        out.put("started_at", r.startedAt().map(Object::toString).orElse(null));
        out.put("ended_at", r.endedAt().map(Object::toString).orElse(null));
        out.put("duration_ms", r.duration().map(java.time.Duration::toMillis).orElse(null));
        out.put("exit_status", r.exitStatus().orElse(null));
        out.put("rid", r.rid().orElse(null));
        out.put("log", r.log());
        out.put("log_truncated", r.logTruncated());
        out.put(
                "messages",
                r.messages().stream()
                        .map(m -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("at", m.at().toString());
                            x.put("text", m.text());
                            x.put("truncated", m.truncated());
                            return x;
                        })
                        .toList());
        return out;
    }
}

package dev.vitals.monitors;

import dev.vitals.config.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thing Vitals watches: a {@link Target} checked every {@code interval}, given up on after {@code
 * timeout}, and judged slow (degraded, and bad for availability) above {@code slow}. {@code
 * dependsOn} names the monitors it needs (a switch, a database): while one of them is down, this
 * monitor's alerts are caused by it rather than paged on their own. {@code alertOn} says whether
 * its alert fires when it is down (the default) or degraded too.
 */
public record Monitor(
        String id,
        String name,
        Optional<String> description,
        Target target,
        Duration interval,
        Duration timeout,
        Duration slow,
        Confirm confirm,
        Map<String, String> labels,
        boolean paused,
        Origin origin,
        List<String> dependsOn,
        AlertOn alertOn) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SLOW = Duration.ofSeconds(1);

    public Monitor {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        dependsOn = List.copyOf(dependsOn);
    }

    /** A monitor that alerts when it is down. */
    public Monitor(
            String id,
            String name,
            Optional<String> description,
            Target target,
            Duration interval,
            Duration timeout,
            Duration slow,
            Confirm confirm,
            Map<String, String> labels,
            boolean paused,
            Origin origin,
            List<String> dependsOn) {
        this(
                id,
                name,
                description,
                target,
                interval,
                timeout,
                slow,
                confirm,
                labels,
                paused,
                origin,
                dependsOn,
                AlertOn.DOWN);
    }

    /** A monitor that depends on no other. */
    public Monitor(
            String id,
            String name,
            Optional<String> description,
            Target target,
            Duration interval,
            Duration timeout,
            Duration slow,
            Confirm confirm,
            Map<String, String> labels,
            boolean paused,
            Origin origin) {
        this(id, name, description, target, interval, timeout, slow, confirm, labels, paused, origin, List.of());
    }

    public String kind() {
        return target.kind();
    }

    /** A job that pings Vitals rather than a service Vitals checks. */
    public boolean isPush() {
        return target instanceof PushTarget;
    }

    public Monitor withOrigin(Origin o) {
        return new Monitor(
                id, name, description, target, interval, timeout, slow, confirm, labels, paused, o, dependsOn, alertOn);
    }

    public Monitor withPaused(boolean p) {
        return new Monitor(
                id, name, description, target, interval, timeout, slow, confirm, labels, p, origin, dependsOn, alertOn);
    }

    /**
     * The monitor as configuration: the same keys, in the same shape, as a YAML file or an API body
     * would give them, without secrets. Reading this back gives an equal monitor (but for secrets).
     */
    public Map<String, Object> render() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("name", name);
        description.ifPresent(d -> out.put("description", d));
        out.put("kind", kind());
        target.render(out);
        if (isPush()) {
            // Not checked: no interval, timeout or confirm; slow only when given.
            if (!slow.equals(PushTarget.NEVER_SLOW)) {
                out.put("slow", Durations.format(slow));
            }
        } else {
            out.put("interval", Durations.format(interval));
            out.put("timeout", Durations.format(timeout));
            out.put("slow", Durations.format(slow));
            out.put(
                    "confirm",
                    new java.util.TreeMap<>(
                            Map.of("fail_after", confirm.failAfter(), "recover_after", confirm.recoverAfter())));
        }
        out.put("labels", labels);
        out.put("paused", paused);
        if (!dependsOn.isEmpty()) {
            out.put("depends_on", dependsOn);
        }
        if (alertOn != AlertOn.DOWN) {
            out.put("alert_on", alertOn.word());
        }
        return out;
    }

    /** Whether checking would behave the same: changes of name, labels or description do not count. */
    public boolean sameCheckAs(Monitor other) {
        return target.equals(other.target)
                && interval.equals(other.interval)
                && timeout.equals(other.timeout)
                && slow.equals(other.slow)
                && confirm.equals(other.confirm)
                && paused == other.paused;
    }
}

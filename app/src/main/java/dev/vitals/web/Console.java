package dev.vitals.web;

import dev.vitals.board.Overview;
import dev.vitals.evaluation.State;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How the console writes a monitor: latency, availability and how long, in the same words on the
 * page and in its live updates.
 */
public final class Console {
    private Console() {}

    /** One monitor's row, ready for a template or a live update. */
    public record RowView(
            String id,
            String name,
            String href,
            Status status,
            String reason,
            String since,
            String latency,
            String day,
            String month,
            Svg.Spark spark) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("state", status.word());
            m.put("icon", status.icon());
            m.put("reason", reason);
            m.put("since", since);
            m.put("latency", latency);
            m.put("day", day);
            m.put("month", month);
            m.put("spark", spark.points());
            m.put("downs", spark.downs());
            m.put("sparkTitle", spark.title());
            return m;
        }
    }

    static RowView row(Overview.Row r, Instant now) {
        State s = r.state();
        String reason =
                r.status().reason().orElse(s == State.UP ? "" : Status.of(s).label());
        return new RowView(
                r.monitor().id(),
                r.monitor().name(),
                "/monitors/" + path(r.monitor().id()),
                Status.of(s),
                reason,
                since(r.status().since(), now),
                r.last()
                        .filter(l -> l.outcome() != dev.vitals.checks.Outcome.DOWN
                                && l.outcome() != dev.vitals.checks.Outcome.UNKNOWN)
                        .map(l -> latency(l.latency()))
                        .orElse("–"),
                percent(r.line().day()),
                percent(r.line().month()),
                Svg.spark(r.line().sparkline()));
    }

    /** "850 ms", "1.25 s", "42 µs". */
    static String latency(Duration d) {
        long micros = d.toNanos() / 1000;
        if (micros < 1000) {
            return micros + " µs";
        }
        if (micros < 10_000_000) {
            long ms = Math.round(micros / 1000.0);
            return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", micros / 1_000_000.0);
        }
        return String.format(Locale.ROOT, "%.1f s", micros / 1_000_000.0);
    }

    /** "99.95 %", "100 %", or "–" when nothing was judged. */
    static String percent(OptionalDouble ratio) {
        if (ratio.isEmpty()) {
            return "–";
        }
        double p = ratio.getAsDouble() * 100;
        if (p >= 100) {
            return "100 %";
        }
        // Never round up to 100: 99.996 % is not 100 %.
        return String.format(Locale.ROOT, "%.2f %%", Math.floor(p * 100) / 100);
    }

    /** How long since {@code t}, in words a person reads at a glance: "4 min", "3 h 12 min", "2 d 5 h". */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min";
        }
        long h = m / 60;
        if (h < 48) {
            return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
        }
        return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }

    /** "since 2026-11-25 14:02 UTC (3 h 12 min)". */
    static String since(Instant t, Instant now) {
        return "since " + Format.time(t) + " (" + duration(Duration.between(t, now)) + ")";
    }

    static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

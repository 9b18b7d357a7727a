package dev.vitals.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the Prometheus text exposition format (version 0.0.4), into a string or straight into a
 * stream: with 100,000 monitors the page is some hundreds of megabytes, which must not be held whole.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Appendable out;

    public PrometheusText() {
        this(new StringBuilder(64 * 1024));
    }

    /** Writes into {@code out}; its {@link IOException} comes out as an {@link UncheckedIOException}. */
    public PrometheusText(Appendable out) {
        this.out = out;
    }

    public PrometheusText family(String name, String type, String help) {
        try {
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public PrometheusText sample(String name, String labels, double value) {
        try {
            out.append(name);
            if (!labels.isEmpty()) {
                out.append('{').append(labels).append('}');
            }
            out.append(' ').append(number(value)).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code key="value"} with the value escaped as the format requires. */
    public static String label(String key, String value) {
        return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

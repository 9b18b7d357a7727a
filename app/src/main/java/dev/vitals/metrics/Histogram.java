package dev.vitals.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations in seconds with fixed upper bounds. Safe to observe from many
 * threads; counts are cumulative when written, as the format wants.
 */
public final class Histogram {
    /** Bounds that suit network checks and database writes: 1 ms to 30 s. */
    public static final double[] DEFAULT_BOUNDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
    };

    private final double[] bounds;
    private final LongAdder[] buckets;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();
    private final java.util.concurrent.atomic.DoubleAccumulator max =
            new java.util.concurrent.atomic.DoubleAccumulator(Math::max, 0);

    public Histogram() {
        this(DEFAULT_BOUNDS);
    }

    public Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void observe(Duration d) {
        observeSeconds(d.toNanos() / 1e9);
    }

    public void observeSeconds(double seconds) {
        count.increment();
        sum.add(seconds);
        max.accumulate(seconds);
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                buckets[i].increment();
                return;
            }
        }
    }

    public long count() {
        return count.sum();
    }

    /** The largest value observed, in seconds; 0 before any. */
    public double maxSeconds() {
        return max.get();
    }

    /**
     * An upper bound of quantile {@code q} (0..1) in seconds: the bound of the bucket it falls in, or
     * the largest value seen when it falls past the last bound. 0 before any value. Coarse by design;
     * it is for the health page, not for statistics.
     */
    public double quantileUpperBound(double q) {
        long total = count.sum();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += buckets[i].sum();
            if (cumulative >= rank) {
                return Math.min(bounds[i], max.get());
            }
        }
        return max.get();
    }

    /** Writes the series of this histogram; {@code labels} is empty or like {@code monitor="web"}. */
    public void write(PrometheusText out, String name, String labels) {
        long cumulative = 0;
        String sep = labels.isEmpty() ? "" : labels + ",";
        for (int i = 0; i < bounds.length; i++) {
            cumulative += buckets[i].sum();
            out.sample(name + "_bucket", sep + "le=\"" + PrometheusText.number(bounds[i]) + "\"", cumulative);
        }
        out.sample(name + "_bucket", sep + "le=\"+Inf\"", count.sum());
        out.sample(name + "_sum", labels, sum.sum());
        out.sample(name + "_count", labels, count.sum());
    }
}

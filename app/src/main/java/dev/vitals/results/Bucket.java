package dev.vitals.results;

import dev.vitals.checks.Outcome;

/**
 * Counts and latencies of results over some span: one rollup row, or the sum of many. Latencies are
 * of results that got an answer (up, slow, degraded): a refused connection's 1 ms and a timeout's
 * 10 s say nothing about how fast the service answers.
 */
public final class Bucket {
    long up;
    long slow;
    long degraded;
    long down;
    long unknown;
    long latencySumMicros;
    long latencyMaxMicros;
    final LatencySketch sketch;

    public Bucket() {
        this(new LatencySketch());
    }

    Bucket(LatencySketch sketch) {
        this.sketch = sketch;
    }

    public void add(Outcome o, long latencyMicros) {
        add(o, latencyMicros, true);
    }

    /** Counts one result; its latency joins the sketch only when {@code withSketch} (percentiles wanted). */
    public void add(Outcome o, long latencyMicros, boolean withSketch) {
        switch (o) {
            case UP -> up++;
            case SLOW -> slow++;
            case DEGRADED -> degraded++;
            case DOWN -> down++;
            case UNKNOWN -> unknown++;
        }
        if (o == Outcome.UP || o == Outcome.SLOW || o == Outcome.DEGRADED) {
            latencySumMicros += latencyMicros;
            latencyMaxMicros = Math.max(latencyMaxMicros, latencyMicros);
            if (withSketch) {
                this.sketch.add(latencyMicros);
            }
        }
    }

    public void merge(Bucket other) {
        up += other.up;
        slow += other.slow;
        degraded += other.degraded;
        down += other.down;
        unknown += other.unknown;
        latencySumMicros += other.latencySumMicros;
        latencyMaxMicros = Math.max(latencyMaxMicros, other.latencyMaxMicros);
        sketch.merge(other.sketch);
    }

    public long good() {
        return up;
    }

    /** Slow and degraded count as bad: a service too slow to use is not up. */
    public long bad() {
        return slow + degraded + down;
    }

    public long up() {
        return up;
    }

    public long slow() {
        return slow;
    }

    public long degraded() {
        return degraded;
    }

    public long down() {
        return down;
    }

    public long unknown() {
        return unknown;
    }

    /** Results that got an answer (up, slow, degraded): those whose latency counts. */
    public long answered() {
        return up + slow + degraded;
    }

    /** The mean latency of the answered results, in microseconds; 0 when none answered. */
    public long latencyMeanMicros() {
        long n = answered();
        return n == 0 ? 0 : latencySumMicros / n;
    }

    public long latencyMaxMicros() {
        return latencyMaxMicros;
    }

    public LatencySketch sketch() {
        return sketch;
    }

    public boolean isEmpty() {
        return up + slow + degraded + down + unknown == 0;
    }
}

package dev.vitals.results;

import dev.vitals.monitors.MonitorTable;
import dev.vitals.store.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A monitor's results over a window in equal steps, for charts: the latency line and the uptime bars.
 * Each step sums what is stored for it, from the coarsest level that is no coarser than the step, so a
 * 90-day chart reads hour or day rollups and a one-hour chart reads raw results.
 */
public final class Series {
    /** One step of a series: [from, from + step), with its counts (empty when nothing was stored). */
    public record Point(Instant from, Bucket counts) {}

    private final Database db;
    private final InstantSource clock;
    private final Retention.Keep keep;

    public Series(Database db, InstantSource clock, Retention.Keep keep) {
        this.db = db;
        this.clock = clock;
        this.keep = keep;
    }

    /**
     * The steps of [from, to); {@code from} is rounded down to a whole step. Empty when the monitor
     * has never stored anything.
     */
    public List<Point> of(String monitorId, Instant from, Instant to, Duration step) {
        long s = step.toMillis();
        if (s <= 0) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        long start = Math.floorDiv(from.toEpochMilli(), s) * s;
        long end = to.toEpochMilli();
        int n = (int) Math.max(0, -Math.floorDiv(start - end, s));
        if (n > 10_000) {
            throw new IllegalArgumentException("too many steps: " + n);
        }
        return db.read(c -> {
            Optional<Long> mid = MonitorTable.midOf(c, monitorId);
            if (mid.isEmpty()) {
                return List.<Point>of();
            }
            List<Point> points = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                points.add(new Point(Instant.ofEpochMilli(start + i * s), new Bucket()));
            }
            Scan.window(c, mid, start, end, coarsestFor(s), clock.millis(), keep, false, (m, at, level, counts) -> {
                int i = (int) Math.floorDiv(at - start, s);
                if (i >= 0 && i < n) {
                    points.get(i).counts().merge(counts);
                }
            });
            return points;
        });
    }

    /** The coarsest level whose buckets fit whole in a step. */
    static Level coarsestFor(long stepMillis) {
        Level best = Level.RAW;
        for (Level l : new Level[] {Level.MINUTE, Level.HOUR, Level.DAY}) {
            if (l.millis() <= stepMillis && stepMillis % l.millis() == 0) {
                best = l;
            }
        }
        return best;
    }
}

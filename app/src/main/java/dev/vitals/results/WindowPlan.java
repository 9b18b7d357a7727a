package dev.vitals.results;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a time window into the coarsest stored pieces that cover it: whole days from day rollups,
 * the hours at the edges from hour rollups, then minutes, then raw results for what is not rolled up
 * yet. A 90-day window thus reads about 90 day rows, a few dozen hour and minute rows, and a few
 * minutes of raw results, never three months of raw rows.
 *
 * <p>A level can serve only buckets that are complete (before its watermark) and still kept (after
 * its retention cutoff). Where a window edge is older than a finer level's keep, the edge is rounded
 * out to the enclosing coarser bucket: the window grows by less than one bucket rather than losing
 * its edge.
 */
public final class WindowPlan {
    /** One piece of a plan: read {@code level} for [from, to). */
    public record Piece(Level level, long from, long to) {}

    private final Map<Level, Long> doneUntil;
    private final Map<Level, Long> keptFrom;

    /**
     * @param doneUntil the watermark of each rollup level (absent: nothing done)
     * @param keptFrom the oldest time each level (raw included) still holds
     */
    public WindowPlan(Map<Level, Long> doneUntil, Map<Level, Long> keptFrom) {
        this.doneUntil = new EnumMap<>(Level.class);
        this.doneUntil.putAll(doneUntil);
        this.keptFrom = new EnumMap<>(Level.class);
        this.keptFrom.putAll(keptFrom);
    }

    public List<Piece> plan(long from, long to) {
        List<Piece> out = new ArrayList<>();
        if (from < to) {
            plan(Level.DAY, from, to, out);
        }
        return out;
    }

    private void plan(Level level, long a, long b, List<Piece> out) {
        if (a >= b) {
            return;
        }
        if (level == Level.RAW) {
            out.add(new Piece(Level.RAW, a, b));
            return;
        }
        Long done = doneUntil.get(level);
        if (done == null) {
            plan(level.finer(), a, b, out);
            return;
        }
        long kept = keptFrom.getOrDefault(level, a);
        long finerKept = keptFrom.getOrDefault(level.finer(), a);
        long usableFrom = Math.max(a, kept);
        long usableTo = Math.min(b, done);
        // An edge older than what the finer level keeps is rounded out to this level's bucket.
        long s = a < finerKept ? level.floor(usableFrom) : level.ceil(usableFrom);
        long e = level.floor(usableTo);
        if (s < kept) {
            s = level.ceil(kept);
        }
        if (s >= e) {
            plan(level.finer(), a, b, out);
            return;
        }
        plan(level.finer(), a, Math.max(a, s), out);
        out.add(new Piece(level, s, e));
        plan(level.finer(), e, b, out);
    }
}

package dev.vitals.board;

import dev.vitals.checks.Outcome;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * One monitor's counts for the board: good and bad results per hour for the last 24 hours and per
 * day for the last 30 days, in rings indexed by hour and day number, and the latencies of its last
 * results for the sparkline. Slow and degraded count as bad, unknown as neither, as everywhere in
 * Vitals. Guarded by its own lock: evaluation writes while pages read.
 */
final class Tally {
    static final int HOURS = 24;
    static final int DAYS = 30;
    static final int SPARK = 30;
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 86_400_000L;
    /** A result without an answer (down) in the sparkline. */
    static final long NO_ANSWER = -1;

    private final long[] hourKey = new long[HOURS];
    private final int[] hourGood = new int[HOURS];
    private final int[] hourBad = new int[HOURS];
    private final long[] dayKey = new long[DAYS];
    private final int[] dayGood = new int[DAYS];
    private final int[] dayBad = new int[DAYS];
    private final long[] spark = new long[SPARK];
    private int sparkCount;
    private int sparkNext;

    Tally() {
        Arrays.fill(hourKey, Long.MIN_VALUE);
        Arrays.fill(dayKey, Long.MIN_VALUE);
    }

    /** A live result: counted by hour and day, and added to the sparkline. */
    synchronized void add(long at, Outcome o, long latencyMicros) {
        count(at, o.isGood() ? 1 : 0, o.isBad() ? 1 : 0, true, true);
        point(at, o, latencyMicros);
    }

    /** Stored counts, into the hours or the days (a seed reads each window at its own grain). */
    synchronized void count(long at, long good, long bad, boolean hours, boolean days) {
        if (good == 0 && bad == 0) {
            return;
        }
        if (hours) {
            long key = Math.floorDiv(at, HOUR_MS);
            int slot = (int) Math.floorMod(key, HOURS);
            if (hourKey[slot] < key) {
                hourKey[slot] = key;
                hourGood[slot] = 0;
                hourBad[slot] = 0;
            }
            if (hourKey[slot] == key) {
                hourGood[slot] += (int) good;
                hourBad[slot] += (int) bad;
            }
        }
        if (days) {
            long key = Math.floorDiv(at, DAY_MS);
            int slot = (int) Math.floorMod(key, DAYS);
            if (dayKey[slot] < key) {
                dayKey[slot] = key;
                dayGood[slot] = 0;
                dayBad[slot] = 0;
            }
            if (dayKey[slot] == key) {
                dayGood[slot] += (int) good;
                dayBad[slot] += (int) bad;
            }
        }
    }

    /** A point of the sparkline; points older than the newest are placed in time order by the caller. */
    synchronized void point(long at, Outcome o, long latencyMicros) {
        if (o == Outcome.UNKNOWN) {
            return;
        }
        spark[sparkNext] = o == Outcome.DOWN ? NO_ANSWER : latencyMicros;
        sparkNext = (sparkNext + 1) % SPARK;
        sparkCount = Math.min(SPARK, sparkCount + 1);
    }

    /** Good / (good + bad) over the last 24 hours (to the hour): empty when nothing was judged. */
    synchronized OptionalDouble day(long now) {
        return ratio(hourKey, hourGood, hourBad, Math.floorDiv(now, HOUR_MS), HOURS);
    }

    /** Good / (good + bad) over the last 30 days (to the day). */
    synchronized OptionalDouble month(long now) {
        return ratio(dayKey, dayGood, dayBad, Math.floorDiv(now, DAY_MS), DAYS);
    }

    private static OptionalDouble ratio(long[] keys, int[] good, int[] bad, long current, int span) {
        long g = 0;
        long b = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] > current - span && keys[i] <= current) {
                g += good[i];
                b += bad[i];
            }
        }
        return g + b == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) g / (g + b));
    }

    /** The sparkline's latencies in microseconds, oldest first; {@link #NO_ANSWER} where down. */
    synchronized long[] sparkline() {
        long[] out = new long[sparkCount];
        int start = Math.floorMod(sparkNext - sparkCount, SPARK);
        for (int i = 0; i < sparkCount; i++) {
            out[i] = spark[(start + i) % SPARK];
        }
        return out;
    }
}

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

    private final Ring hours = new Ring(HOURS, HOUR_MS);
    private final Ring days = new Ring(DAYS, DAY_MS);
    private final long[] spark = new long[SPARK];
    private int sparkCount;
    private int sparkNext;

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
            this.hours.add(at, good, bad);
        }
        if (days) {
            this.days.add(at, good, bad);
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
        return hours.ratio(now);
    }

    /** Good / (good + bad) over the last 30 days (to the day). */
    synchronized OptionalDouble month(long now) {
        return days.ratio(now);
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

    /** Good and bad counts per span (an hour, a day) in a ring of the last {@code size} spans. */
    private static final class Ring {
        private final long span;
        private final long[] key;
        private final int[] good;
        private final int[] bad;

        Ring(int size, long span) {
            this.span = span;
            this.key = new long[size];
            this.good = new int[size];
            this.bad = new int[size];
            Arrays.fill(key, Long.MIN_VALUE);
        }

        void add(long at, long g, long b) {
            long k = Math.floorDiv(at, span);
            int slot = (int) Math.floorMod(k, key.length);
            if (key[slot] < k) {
                // The slot held an older span, now out of the window: it starts again.
                key[slot] = k;
                good[slot] = 0;
                bad[slot] = 0;
            }
            if (key[slot] == k) {
                good[slot] += (int) g;
                bad[slot] += (int) b;
            }
        }

        OptionalDouble ratio(long now) {
            long current = Math.floorDiv(now, span);
            long g = 0;
            long b = 0;
            for (int i = 0; i < key.length; i++) {
                if (key[i] > current - key.length && key[i] <= current) {
                    g += good[i];
                    b += bad[i];
                }
            }
            return g + b == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) g / (g + b));
        }
    }
}

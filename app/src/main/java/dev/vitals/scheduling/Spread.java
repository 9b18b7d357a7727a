package dev.vitals.scheduling;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Where in its interval a monitor is checked: a fixed offset from a hash of its id, so that the
 * schedule is the same after every restart and on every node, and monitors with similar ids (web-1,
 * web-2, ...) still land far apart.
 */
public final class Spread {
    private Spread() {}

    /** The offset of {@code id} within {@code interval}, in milliseconds. */
    public static long offset(String id, Duration interval) {
        return Math.floorMod(hash(id), interval.toMillis());
    }

    /** The first slot strictly after {@code t} on the monitor's grid (offset + k × interval). */
    public static Instant slotAfter(String id, Duration interval, Instant t) {
        long i = interval.toMillis();
        long off = offset(id, interval);
        long ms = t.toEpochMilli();
        long k = Math.floorDiv(ms - off, i) + 1;
        return Instant.ofEpochMilli(off + k * i);
    }

    /**
     * The first check of a monitor that was just added or after a start: soon (within {@code
     * spread}, or the interval if shorter), at a place in that span set by the id, so that a start
     * with many monitors is not a thundering herd.
     */
    public static Instant firstCheck(String id, Duration interval, Duration spread, Instant now) {
        long span = Math.max(1, Math.min(interval.toMillis(), spread.toMillis()));
        return now.plusMillis(Math.floorMod(hash(id) >>> 7, span));
    }

    /** FNV-1a over the UTF-8 bytes, then a 64-bit finaliser (from MurmurHash3) to spread the bits. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}

package dev.vitals.push;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits pings per key with a token bucket: a burst of {@code burst}, then {@code perSecond}. A
 * flood against one key is answered 429 and not stored, without touching any other key. Buckets
 * exist only for keys of monitors (unknown keys are refused before), so memory is bounded by them.
 */
public final class PingLimiter {
    /** Enough for a job's start, end and logs, and for a job run every second or so. */
    public static final PingLimiter.Rate STANDARD = new Rate(30, 2);

    public record Rate(int burst, double perSecond) {}

    /** Changed in place, without pointing at a new object on each ping: see {@link Moment}. */
    private static final class Bucket {
        double tokens;
        final Moment refilled = new Moment();

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.refilled.set(at);
        }
    }

    private final InstantSource clock;
    private final Rate rate;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    public PingLimiter(InstantSource clock, Rate rate) {
        this.clock = clock;
        this.rate = rate;
    }

    /** Takes one ping's token for {@code key}; false when the key is over its rate. */
    public boolean take(UUID key) {
        Instant now = clock.instant();
        Bucket b = buckets.get(key);
        if (b == null) {
            // computeIfAbsent locks a bin even when the key is there: only for a key's first ping.
            b = buckets.computeIfAbsent(key, k -> new Bucket(rate.burst(), now));
        }
        synchronized (b) {
            long nanos = b.refilled.nanosUntil(now);
            if (nanos > 0) {
                b.tokens = Math.min(rate.burst(), b.tokens + nanos / 1e9 * rate.perSecond());
                b.refilled.set(now);
            }
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }

    /** Forgets a key (its monitor is gone). */
    public void forget(UUID key) {
        buckets.remove(key);
    }
}

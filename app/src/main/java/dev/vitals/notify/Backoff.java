package dev.vitals.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try again: 1 s after the first failed attempt, then 2 s, 4 s, ... up to {@code cap},
 * each shortened by up to {@code jitter} (a fraction) at random so that many notifications that
 * failed together do not come back together. A receiver's {@code Retry-After} is honoured up to
 * {@code maxRetryAfter}. Nothing is retried once {@code giveUpAfter} has passed since it was created.
 */
public record Backoff(
        Duration first,
        Duration cap,
        double jitter,
        Duration maxRetryAfter,
        Duration giveUpAfter,
        RandomGenerator random) {
    public static Backoff standard() {
        return new Backoff(
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                0.2,
                Duration.ofHours(1),
                Duration.ofHours(24),
                RandomGenerator.getDefault());
    }

    /** The wait after {@code failedAttempts} failed attempts (1 for the first failure). */
    public Duration delay(int failedAttempts) {
        long capMs = cap.toMillis();
        long ms = first.toMillis();
        for (int i = 1; i < failedAttempts && ms < capMs; i++) {
            ms *= 2;
        }
        ms = Math.min(ms, capMs);
        long shortened = (long) (ms * jitter * random.nextDouble());
        return Duration.ofMillis(ms - shortened);
    }

    /**
     * When the next attempt is due, or empty when the notification is past {@code giveUpAfter}. The
     * last attempt is made at the limit rather than never.
     */
    public Optional<Instant> next(Instant createdAt, Instant now, int failedAttempts, Optional<Duration> retryAfter) {
        Instant limit = createdAt.plus(giveUpAfter);
        if (!now.isBefore(limit)) {
            return Optional.empty();
        }
        Duration wait = delay(failedAttempts);
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        Instant due = now.plus(wait);
        return Optional.of(due.isAfter(limit) ? limit : due);
    }
}

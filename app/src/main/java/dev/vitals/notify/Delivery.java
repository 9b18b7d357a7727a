package dev.vitals.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * What one attempt to deliver came to, as a channel judges it: sent, worth retrying later, or failed
 * for good. The HTTP status (when there was one) is kept with the attempt.
 */
public sealed interface Delivery permits Delivery.Sent, Delivery.Retry, Delivery.Failed {
    Optional<Integer> status();

    /** The receiver took it. */
    record Sent(Optional<Integer> status) implements Delivery {}

    /** A passing trouble (timeout, 429, 5xx, no connection); {@code retryAfter} is the receiver's wish. */
    record Retry(String why, Optional<Duration> retryAfter, Optional<Integer> status) implements Delivery {}

    /** The receiver refused it for good (a 4xx other than 429), or it cannot be sent at all. */
    record Failed(String why, Optional<Integer> status) implements Delivery {}
}

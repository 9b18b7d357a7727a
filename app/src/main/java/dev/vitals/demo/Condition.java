package dev.vitals.demo;

import java.time.Duration;

/**
 * How a simulated service behaves at the moment. HTTP services can be slow, answer with a server
 * error or answer with bad news; TCP services can be slow, refuse connections or reset them. Which
 * kind takes which is {@link Endpoint.Kind#takes}.
 */
public sealed interface Condition {
    Condition HEALTHY = new Healthy();

    /** Answers as it should, at once. */
    record Healthy() implements Condition {}

    /** Answers as it should, {@code by} late: an HTTP service before its headers, a TCP one before its greeting. */
    record Slow(Duration by) implements Condition {}

    /** HTTP: answers every request with this status, such as 500 or 503. */
    record Erroring(int status) implements Condition {}

    /** HTTP: answers 200, but what it says is bad (the backup's status page reports a failed night). */
    record BadNews() implements Condition {}

    /** TCP: nothing listens on the port, so connections are refused. */
    record Refusing() implements Condition {}

    /** TCP: connections are accepted and reset at once. */
    record Resetting() implements Condition {}

    /** In words, for the log: "answers 500". */
    default String words() {
        return switch (this) {
            case Healthy h -> "is healthy";
            case Slow s -> "answers " + s.by().toMillis() + " ms late";
            case Erroring e -> "answers " + e.status();
            case BadNews b -> "reports a failure";
            case Refusing r -> "refuses connections";
            case Resetting r -> "resets connections";
        };
    }
}

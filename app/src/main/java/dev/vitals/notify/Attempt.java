package dev.vitals.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One attempt to deliver a notification, as kept in {@code notification_attempts}. */
public record Attempt(
        int number,
        Instant startedAt,
        Instant finishedAt,
        String outcome,
        Optional<Integer> httpStatus,
        Optional<String> error,
        Duration duration) {}

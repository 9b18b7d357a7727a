package dev.vitals.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A notification as stored, with its attempts (oldest first): what the history shows. */
public record Notification(
        String nid,
        String idempotencyKey,
        String receiver,
        String channel,
        String alertKey,
        Event event,
        String payload,
        Instant createdAt,
        Instant dueAt,
        int attempts,
        String state,
        Optional<String> claimedBy,
        Optional<Instant> claimedUntil,
        Optional<Instant> sentAt,
        Optional<String> lastError,
        List<Attempt> attemptLog) {}

package dev.vitals.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification to write into the outbox. {@code idempotencyKey} names it for its producer (for
 * example the alert key, the event and the firing's start): enqueueing the same key again adds
 * nothing, so a producer that retries or restarts never sends a notification twice.
 *
 * @param payload the JSON body exactly as it will be sent
 * @param dueAt when to send it first (usually the moment it is enqueued)
 */
public record NewNotification(
        String idempotencyKey,
        String receiver,
        String channel,
        String alertKey,
        Event event,
        String payload,
        Instant dueAt) {
    public NewNotification {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(alertKey, "alertKey");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(dueAt, "dueAt");
        if (idempotencyKey.isBlank()) {
            throw new NotifyException("a notification needs a non-empty idempotency key");
        }
    }
}

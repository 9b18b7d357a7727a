package dev.vitals.notify;

import java.time.Instant;

/**
 * A notification this node has claimed and may now send. The claim is {@code node} until {@code
 * until}; the outbox only accepts the outcome while the row still carries exactly this claim, so a
 * node whose lease ran out (and whose notification another node took) cannot overwrite the other's
 * result.
 *
 * @param attempts how many attempts were finished before this one
 */
public record Claimed(
        String nid,
        String receiver,
        String channel,
        String alertKey,
        Event event,
        String payload,
        Instant createdAt,
        int attempts,
        String node,
        Instant until) {}

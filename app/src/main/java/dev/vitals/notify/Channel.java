package dev.vitals.notify;

import java.time.Duration;

/**
 * A way to deliver notifications (one configured receiver's webhook, mail server, ...). It answers
 * "did it work, and is the failure worth retrying?"; the outbox keeps the answer and schedules what
 * follows. A channel never throws and never takes longer than the deadline it is given.
 */
public sealed interface Channel permits WebhookChannel {
    Delivery deliver(Claimed notification, Duration deadline);
}

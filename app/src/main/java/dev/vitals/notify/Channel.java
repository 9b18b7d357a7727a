package dev.vitals.notify;

import java.time.Duration;

/**
 * A way to deliver notifications (one configured receiver's webhook, mail server, ...). It answers
 * "did it work, and is the failure worth retrying?"; the outbox keeps the answer and schedules what
 * follows. A channel never throws and never takes longer than the deadline it is given.
 *
 * <p>Not sealed, though the channels are a closed set: each lives in its own package ({@code
 * notify.webhook}, {@code notify.email}, ...), and a sealed interface can only permit classes of its
 * own package while Vitals runs in the unnamed module. The closed set is {@code
 * dev.vitals.alerting.Channels}, whose switch over the sealed {@code Receiver.Target} names every
 * channel.
 */
public interface Channel {
    Delivery deliver(Claimed notification, Duration deadline);
}

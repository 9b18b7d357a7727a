package dev.vitals.alerting;

import dev.vitals.notify.Message;

/** Formats a message for one channel of a receiver: the payload exactly as it will be sent. */
@FunctionalInterface
public interface Render {
    String render(Receiver.Target target, Message message);
}

package dev.vitals.notify;

import java.util.Optional;

/**
 * Finds the channel that delivers a receiver's notifications of one kind: a receiver may have several
 * channels (a webhook and an email, say), one of each kind, and each notification in the outbox is
 * for one of them.
 */
@FunctionalInterface
public interface ChannelLookup {
    /**
     * The channel, or nothing when the receiver is unknown or has no channel of this kind.
     *
     * @param receiver the receiver's name
     * @param kind the channel's kind, as in {@code Receiver.Target#kind()} ("webhook", "email", ...)
     */
    Optional<Channel> channel(String receiver, String kind);
}

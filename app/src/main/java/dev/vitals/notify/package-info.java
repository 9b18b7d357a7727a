/**
 * Notifications: the durable outbox and the channels that deliver it. A notification is written
 * ({@link dev.vitals.notify.Outbox#enqueue}) before it is sent, claimed by one node with a conditional
 * update, delivered by a {@link dev.vitals.notify.Channel} in its receiver's own lane ({@link
 * dev.vitals.notify.Dispatcher}), and retried with backoff for up to a day; every attempt is kept.
 */
package dev.vitals.notify;

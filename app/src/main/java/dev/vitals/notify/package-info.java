/**
 * Notifications: the durable outbox and the channels that deliver it. A notification is written
 * ({@link dev.vitals.notify.Outbox#enqueue}) before it is sent, claimed by one node with a conditional
 * update, delivered by a {@link dev.vitals.notify.Channel} in its receiver's own lane ({@link
 * dev.vitals.notify.Dispatcher}), and retried with backoff for up to a day; every attempt is kept.
 *
 * <p>Each channel lives in a sub-package of its own with the same files ({@code webhook}, {@code
 * slack}, {@code teams}, {@code pagerduty}, {@code alertmanager}, {@code email}: a format that renders
 * a {@link dev.vitals.notify.Message}, and a channel that delivers it); the HTTP channels share
 * {@link dev.vitals.notify.HttpPost}. The checklist for adding one is in docs/channels.md.
 */
package dev.vitals.notify;

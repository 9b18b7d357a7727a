/**
 * The generic webhook channel: the documented Vitals JSON ({@link dev.vitals.notify.webhook.WebhookFormat}),
 * posted to one URL and signed with HMAC-SHA256 when the receiver has a secret ({@link
 * dev.vitals.notify.webhook.WebhookChannel}). See docs/channels.md.
 */
package dev.vitals.notify.webhook;

/**
 * The Slack channel: a Block Kit message ({@link dev.vitals.notify.slack.SlackFormat}) posted to a
 * Slack-compatible incoming webhook ({@link dev.vitals.notify.slack.SlackChannel}). See
 * docs/channels.md.
 */
package dev.vitals.notify.slack;

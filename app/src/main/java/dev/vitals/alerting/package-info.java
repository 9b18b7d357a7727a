/**
 * Alerting: from a monitor's flip or an external system's alert to the right receivers, once per root
 * cause. {@link dev.vitals.alerting.AlertPipeline} assembles the stages: {@link
 * dev.vitals.alerting.Ingest} (dedup, routing, grouping as an alert arrives) and {@link
 * dev.vitals.alerting.FlushGroups} (the mute stages and the notification when a group is due), over
 * the rows of {@link dev.vitals.alerting.AlertStore}. {@link dev.vitals.alerting.Channels} turns a
 * receiver's targets into payloads and channels. The configuration of receivers, integrations and
 * the routing tree is read here too.
 */
package dev.vitals.alerting;

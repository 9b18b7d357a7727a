/**
 * Alerting: from a monitor's flip or an external system's alert to the right receivers, once per root
 * cause. This package holds the configuration of receivers, integrations and the routing tree, the
 * routing stage itself (which receivers an alert's labels lead to, and why), and {@link
 * dev.vitals.alerting.Channels}, which turns a receiver's targets into payloads and channels. The
 * remaining stages (dedup, grouping, dependencies, silences and maintenance) and the delivery through
 * the durable outbox join with issue 5.
 */
package dev.vitals.alerting;

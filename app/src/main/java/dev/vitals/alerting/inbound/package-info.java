/**
 * Alerts from other systems, in the formats they already speak: Alertmanager's webhook (version 4)
 * and alerts API, PagerDuty's Events API v2, and Vitals' own JSON webhook for anything else. Each
 * payload is read and checked here, whole, into
 * {@link dev.vitals.alerting.inbound.ExternalAlert}s; a malformed one is refused with every problem
 * named, and nothing of it is taken.
 */
package dev.vitals.alerting.inbound;

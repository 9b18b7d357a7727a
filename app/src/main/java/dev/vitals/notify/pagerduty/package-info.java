/**
 * The PagerDuty channel: Events API v2 trigger and resolve events ({@link
 * dev.vitals.notify.pagerduty.PagerDutyFormat}), one incident per alert group, posted to the events
 * endpoint ({@link dev.vitals.notify.pagerduty.PagerDutyChannel}). See docs/channels.md.
 */
package dev.vitals.notify.pagerduty;

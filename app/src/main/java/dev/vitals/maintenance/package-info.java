/**
 * Maintenance windows: when planned work is going on, so that alerting can stay quiet about it.
 * The windows themselves know only <em>when</em> they are active (one-off, RRULE or cron schedules
 * in a time zone; all queries pure functions of an {@link java.time.Instant}); the reader checks the
 * {@code maintenance:} section of the configuration and API bodies alike. {@link
 * dev.vitals.maintenance.Maintenances} is the alert pipeline's maintenance stage: the file's windows
 * and the API's (the {@code maintenances} table), asked whether an alert's labels are in a window now.
 */
package dev.vitals.maintenance;

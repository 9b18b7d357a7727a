/**
 * Maintenance windows: when planned work is going on, so that alerting can stay quiet about it.
 * This package only knows <em>when</em> a window is active (one-off, RRULE or cron schedules in a
 * time zone) and reads the {@code maintenance:} section of the configuration; muting alerts is the
 * alerting pipeline's job (issue 5). All queries are pure functions of an {@link java.time.Instant}.
 */
package dev.vitals.maintenance;

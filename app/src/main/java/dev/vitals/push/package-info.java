/**
 * Push monitors' timing: when a cron job or backup that reports in by HTTP ping is next expected
 * ({@link dev.vitals.push.PushSchedule}), and the due-time index that notices silence without
 * scanning every monitor ({@link dev.vitals.push.Deadlines}, woken by one thread, {@link
 * dev.vitals.push.DeadlineWatcher}). Everything here is pure or takes its clock as a dependency; the
 * monitor kind, its states and the ping endpoints are built on top.
 */
package dev.vitals.push;

/**
 * Scheduling: when each monitor is checked. One timer thread only dispatches; checks run on virtual
 * threads, at most a bounded number at once. Start times are spread by a hash of the monitor id over
 * its interval ({@link dev.vitals.scheduling.Spread}), so that ten thousand monitors with a
 * one-minute interval do not all fire on the minute. Lateness (when a check started against when it
 * was due) is measured apart from how long the check took.
 */
package dev.vitals.scheduling;

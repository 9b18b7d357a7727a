/**
 * The HTTP(S) checker: one request (and its redirects) over a fresh connection, timed phase by phase,
 * and the answer judged against the monitor's {@code expect} and {@code warn}. Certificate problems,
 * refused connections and cut-off bodies come out as reasons a person can read; nothing here throws
 * into the scheduler.
 */
package dev.vitals.checks.http;

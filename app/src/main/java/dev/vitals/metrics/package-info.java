/**
 * Metrics in the Prometheus text format at {@code /metrics}: the state, check durations, phases and
 * certificate expiry of every monitor, and Vitals's own health (lateness, queue depth, store write
 * latency). The exposition format is simple and stable, so it is written here directly rather than
 * through a metrics library that would hold a second copy of every monitor's series.
 */
package dev.vitals.metrics;

/**
 * Monitors: what Vitals watches. A {@link dev.vitals.monitors.Monitor} is a target (one record per
 * kind, all permitted by the sealed {@link dev.vitals.monitors.Target}) with its interval, timeout,
 * {@code slow} threshold, confirmation counts and labels. Monitors are read from YAML and from API
 * bodies by the same reader, {@link dev.vitals.monitors.MonitorReader}, and written back the same
 * way by {@link dev.vitals.monitors.Target#render}. The {@link dev.vitals.monitors.MonitorRegistry}
 * holds the monitors in force and tells listeners when the set changes.
 */
package dev.vitals.monitors;

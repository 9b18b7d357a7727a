/**
 * Nodes: the running Vitals processes. Each node writes a heartbeat row; at start-up the last
 * heartbeat tells when Vitals stopped, so that the time it was not running is recorded as a gap and
 * shown as unknown, never as up.
 */
package dev.vitals.nodes;

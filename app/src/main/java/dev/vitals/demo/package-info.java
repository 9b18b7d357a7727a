/**
 * {@code vitals demo}: a small simulated office (mail, wiki, intranet, VPN gateway, payroll, file
 * shares) served on loopback by real HTTP and TCP servers, whose services slow down, fail and recover
 * on a repeating {@link dev.vitals.demo.Script}; a nightly backup job that pings Vitals on the same
 * script, failing once and keeping silent once a cycle; and the monitors that watch it all. It exists so that a newcomer sees every page of Vitals with real data
 * moving, with one command and no configuration; nothing here runs under {@code vitals serve}.
 */
package dev.vitals.demo;

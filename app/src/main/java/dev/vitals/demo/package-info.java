/**
 * {@code vitals demo}: a small simulated office (mail, wiki, intranet, VPN gateway, payroll, file
 * shares, the nightly backup's status page) served on loopback by real HTTP and TCP servers, whose
 * services slow down, fail and recover on a repeating {@link dev.vitals.demo.Script}, and the
 * monitors that watch it. It exists so that a newcomer sees every page of Vitals with real data
 * moving, with one command and no configuration; nothing here runs under {@code vitals serve}.
 */
package dev.vitals.demo;

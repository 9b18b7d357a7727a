/**
 * Checkers that speak plain network protocols rather than an application's: a TCP connection with
 * an optional banner or reply ({@link dev.vitals.checks.net.TcpChecker}), a TLS handshake whose
 * certificate is judged by Vitals itself ({@link dev.vitals.checks.net.TlsChecker}), and a DNS
 * query sent straight to a server ({@link dev.vitals.checks.net.DnsChecker}).
 */
package dev.vitals.checks.net;

package dev.vitals.checks.http;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A certificate the check refused, already put into words, carrying the expiry of the server's leaf
 * certificate so that a failed handshake still reports when the certificate expires. It has no cause
 * on purpose: the TLS stack wraps it, and the innermost message is what ends up in the reason.
 */
final class CertificateProblem extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final Instant leafNotAfter;

    CertificateProblem(String words, X509Certificate leaf) {
        super(words);
        this.leafNotAfter = leaf.getNotAfter().toInstant();
    }

    Instant leafNotAfter() {
        return leafNotAfter;
    }
}

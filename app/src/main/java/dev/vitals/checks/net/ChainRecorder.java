package dev.vitals.checks.net;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that trusts every server and writes down the chain it was shown. The TLS check
 * must finish the handshake with expired, self-signed and wrongly named certificates alike so that
 * it can name every problem at once and still report the expiry date; the judging is done
 * afterwards by {@link TrustStore} and {@link HostnameMatch}. Never use it for anything that sends
 * data. One per handshake: it holds the chain of one connection.
 */
final class ChainRecorder extends X509ExtendedTrustManager {
    private volatile List<X509Certificate> chain = List.of();
    private volatile String authType = "UNKNOWN";

    /** The chain the server presented, leaf first; empty when the handshake did not get that far. */
    List<X509Certificate> chain() {
        return chain;
    }

    Optional<X509Certificate> leaf() {
        List<X509Certificate> c = chain;
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
    }

    /** The key exchange or key type JSSE named, needed to judge the leaf's key usage like a client. */
    String authType() {
        return authType;
    }

    private void record(X509Certificate[] presented, String type) {
        chain = presented == null ? List.of() : List.of(presented);
        authType = type == null ? "UNKNOWN" : type;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String type) {
        record(presented, type);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String type, Socket socket) {
        record(presented, type);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String type, SSLEngine engine) {
        record(presented, type);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String type) {
        throw new UnsupportedOperationException("a check is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String type, Socket socket) {
        throw new UnsupportedOperationException("a check is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String type, SSLEngine engine) {
        throw new UnsupportedOperationException("a check is never a TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}

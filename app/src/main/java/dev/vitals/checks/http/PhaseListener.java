package dev.vitals.checks.http;

import dev.vitals.checks.Phase;
import dev.vitals.checks.Timings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Times the phases of one check from OkHttp's events, summed over its redirects, and remembers what
 * the check was doing (for "timed out while waiting for the response") and the first certificate
 * the server presented. One instance per check, shared by the calls of its redirects. Events may
 * come from OkHttp's timeout watchdog thread, hence the locking.
 */
final class PhaseListener extends EventListener {
    private final Timings.Builder timings = Timings.builder();
    private volatile String step = "connecting";
    private volatile Optional<Instant> certificateExpiry = Optional.empty();

    String step() {
        return step;
    }

    Optional<Instant> certificateExpiry() {
        return certificateExpiry;
    }

    synchronized Timings timings() {
        return timings.build();
    }

    private synchronized void start(Phase p) {
        timings.start(p);
    }

    private synchronized void end(Phase p) {
        timings.end(p);
    }

    /** The body has been read (or given up on); the transfer phase ends here, not at an event. */
    void bodyDone() {
        end(Phase.TRANSFER);
    }

    @Override
    public void dnsStart(Call call, String domainName) {
        step = "looking up " + domainName;
        start(Phase.DNS);
    }

    @Override
    public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
        end(Phase.DNS);
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        step = "connecting";
        start(Phase.CONNECT);
    }

    @Override
    public void secureConnectStart(Call call) {
        // connectEnd comes after the handshake; the connect phase is the TCP part only.
        end(Phase.CONNECT);
        step = "making the TLS handshake";
        start(Phase.TLS);
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        end(Phase.TLS);
    }

    /**
     * The leaf is read from the socket's session, not from {@link Handshake}: OkHttp cleans that
     * chain against the trusted roots and, with {@code verify: false}, is left with nothing.
     */
    @Override
    public void connectionAcquired(Call call, Connection connection) {
        if (certificateExpiry.isPresent() || !(connection.socket() instanceof SSLSocket ssl)) {
            return;
        }
        try {
            Certificate[] chain = ssl.getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                certificateExpiry = Optional.of(leaf.getNotAfter().toInstant());
            }
        } catch (SSLPeerUnverifiedException e) {
            // No certificate (an anonymous suite): nothing to report.
        }
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        end(Phase.CONNECT);
    }

    @Override
    public void connectFailed(
            Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, java.io.IOException e) {
        end(Phase.CONNECT);
        end(Phase.TLS);
    }

    @Override
    public void requestHeadersStart(Call call) {
        step = "sending the request";
        start(Phase.FIRST_BYTE);
    }

    @Override
    public void requestHeadersEnd(Call call, okhttp3.Request request) {
        step = "waiting for the response";
    }

    @Override
    public void requestBodyStart(Call call) {
        step = "sending the request";
    }

    @Override
    public void requestBodyEnd(Call call, long byteCount) {
        step = "waiting for the response";
    }

    @Override
    public void responseHeadersStart(Call call) {
        end(Phase.FIRST_BYTE);
        step = "reading the response";
        start(Phase.TRANSFER);
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        step = "reading the body";
    }
}

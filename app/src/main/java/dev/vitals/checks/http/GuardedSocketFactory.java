package dev.vitals.checks.http;

import dev.vitals.checks.NetworkGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.SocketFactory;

/**
 * Makes the plain sockets of HTTP checks, which show the address to the {@link NetworkGuard} as they
 * connect. This is the one place that sees every address OkHttp connects to: its {@code Dns} hook
 * is skipped for an IP literal in the URL, and each redirect is a new call with its own connect.
 * TLS is layered over these sockets, so HTTPS is covered too. It relies on the checker never
 * reusing a connection (pools that keep no idle connection, HTTP/1.1 only): a reused connection
 * makes no connect, and would carry one check's request to where another's was allowed.
 *
 * <p>OkHttp cannot hand a socket factory anything per call, so the guard of the check is asked for
 * when a socket connects. When there is none (the connect happened on a thread that is not running
 * a check, which this checker's settings never do) the connection is refused rather than let
 * through unjudged.
 */
final class GuardedSocketFactory extends SocketFactory {
    private final Supplier<Optional<NetworkGuard>> current;

    /** {@code current} gives the guard of the check running on the calling thread, if any. */
    GuardedSocketFactory(Supplier<Optional<NetworkGuard>> current) {
        this.current = current;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket s = new GuardedSocket();
        try {
            s.connect(to);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private Socket connected(InetSocketAddress to, InetSocketAddress local) throws IOException {
        Socket s = new GuardedSocket();
        try {
            s.bind(local);
            s.connect(to);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A socket that asks the guard before it connects; {@code connect(address)} ends up here too. */
    private final class GuardedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress address)) {
                throw new NetworkGuard.Refused("not an internet address: " + endpoint);
            }
            NetworkGuard guard = current.get()
                    .orElseThrow(() -> new NetworkGuard.Refused(
                            "Vitals could not tell which check this connection belongs to, so it was not made"));
            guard.check(address);
            super.connect(endpoint, timeout);
        }
    }
}

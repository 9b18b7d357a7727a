package dev.vitals.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 and a free port presenting a {@link Certificates.Leaf}: it completes
 * the handshake and closes the connection, which is all a certificate check needs.
 */
public final class TlsServer implements AutoCloseable {
    private final SSLServerSocket server;

    private TlsServer(SSLServerSocket server) {
        this.server = server;
        Thread.ofVirtual().name("tls-server-" + server.getLocalPort()).start(this::accept);
    }

    public static TlsServer serving(Certificates.Leaf leaf) {
        try {
            SSLServerSocket s = (SSLServerSocket)
                    leaf.serverContext().getServerSocketFactory().createServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new TlsServer(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) socket) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                } catch (IOException e) {
                    // A client that rejects the certificate ends the handshake; expected in tests.
                }
            });
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

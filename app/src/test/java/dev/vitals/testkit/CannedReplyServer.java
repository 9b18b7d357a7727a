package dev.vitals.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A server that answers whatever it is sent with the same bytes, over plain TCP or TLS: enough to
 * play a Redis that says {@code +PONG}, or a web server on the Redis port, for protocol and TLS
 * tests that the machine's real servers cannot stage.
 */
public final class CannedReplyServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] reply;

    public CannedReplyServer(String reply) {
        this(reply, Optional.empty());
    }

    public CannedReplyServer(String reply, Optional<SSLContext> tls) {
        this.reply = reply.getBytes(StandardCharsets.UTF_8);
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            server = tls.isPresent()
                    ? tls.get().getServerSocketFactory().createServerSocket(0, 50, loopback)
                    : new ServerSocket(0, 50, loopback);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("canned-reply-server").start(this::acceptForever);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("canned-reply").start(() -> answer(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) > 0) {
                s.getOutputStream().write(reply);
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            // the client went away, or the TLS handshake failed: that is the client's story to tell
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing a test needs to know
        }
    }
}

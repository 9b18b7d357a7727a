package dev.vitals.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that accepts connections and never says a word: what a hung database, a full accept
 * queue behind a proxy, or a firewall that swallows packets after the handshake looks like to a
 * client. Checks against it must end at their deadline. Also hands out a port nobody listens on.
 */
public final class SilentServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public SilentServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("silent-server").start(this::acceptForever);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections have been accepted so far. */
    public int connections() {
        return accepted.size();
    }

    /** A loopback port that was free a moment ago, so that connecting to it is refused. */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket does not fail in a way a test cares about
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }
}

package dev.vitals.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A TCP server on 127.0.0.1 and a free port, for checks of plain TCP services. Each connection is
 * handled on its own virtual thread by a {@link Session}; the factories cover the usual targets:
 *
 * <pre>{@code
 * try (var smtp = TcpServer.banner("220 mail ready\r\n")) { ... smtp.port() ... }
 * try (var redis = TcpServer.lines("", line -> line.equals("PING") ? "+PONG\r\n" : "-ERR\r\n")) { ... }
 * try (var dead = TcpServer.silent()) { ... }   // accepts, never says a word
 * }</pre>
 */
public final class TcpServer implements AutoCloseable {
    /** What the server does with one accepted connection; the socket is closed afterwards. */
    @FunctionalInterface
    public interface Session {
        void handle(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private TcpServer(ServerSocket server, Session session) {
        this.server = server;
        Thread.ofVirtual().name("tcp-server-" + server.getLocalPort()).start(() -> accept(session));
    }

    public static TcpServer start(Session session) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new TcpServer(s, session);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code banner} on connect, then waits for the client to hang up. */
    public static TcpServer banner(String banner) {
        return start(socket -> {
            write(socket, banner);
            drain(socket);
        });
    }

    /** Sends {@code banner} (may be empty), then answers each line received with {@code reply}. */
    public static TcpServer lines(String banner, UnaryOperator<String> reply) {
        return start(socket -> {
            write(socket, banner);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                write(socket, reply.apply(line));
            }
        });
    }

    /** Accepts connections and reads, but never sends anything: the hung service. */
    public static TcpServer silent() {
        return start(TcpServer::drain);
    }

    /** A port on 127.0.0.1 that nothing listens on (just freed), so that connecting is refused. */
    public static int unusedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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

    private void accept(Session session) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(socket);
            Thread.ofVirtual().start(() -> {
                try (socket) {
                    session.handle(socket);
                } catch (IOException e) {
                    // The client went away; that is the client's business in these tests.
                } finally {
                    open.remove(socket);
                }
            });
        }
    }

    static void write(Socket socket, String text) throws IOException {
        if (!text.isEmpty()) {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(UTF_8));
            out.flush();
        }
    }

    static void drain(Socket socket) throws IOException {
        byte[] b = new byte[1024];
        while (socket.getInputStream().read(b) >= 0) {
            // discard until the client hangs up
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}

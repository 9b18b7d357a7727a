package dev.vitals.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that misbehaves below HTTP, which a well-behaved server library cannot be made to do:
 * it accepts and then says nothing, resets the connection, closes in the middle of a body, or
 * answers with something that is not HTTP. Listens on 127.0.0.1 and a free port.
 */
public final class BrokenHttpServer implements AutoCloseable {
    public enum Behaviour {
        /** Accepts the connection and never reads or answers. */
        HANG,
        /** Reads the request, then resets the connection (TCP RST). */
        RESET,
        /** Promises 1000 bytes of body, sends 10 and closes. */
        CLOSE_MID_BODY,
        /** Answers with a line that is not an HTTP status line. */
        GARBAGE
    }

    private final ServerSocket socket;
    private final Behaviour behaviour;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private BrokenHttpServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("broken-http-" + behaviour).start(this::acceptLoop);
    }

    public static BrokenHttpServer start(Behaviour behaviour) {
        try {
            return new BrokenHttpServer(behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port on 127.0.0.1 where nothing listens (it was free a moment ago), for "refused". */
    public static int unusedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                accepted.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            if (behaviour == Behaviour.HANG) {
                return;
            }
            readRequestHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            switch (behaviour) {
                case RESET -> s.setSoLinger(true, 0);
                case CLOSE_MID_BODY -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                case GARBAGE -> {
                    out.write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                case HANG -> {}
            }
            s.close();
        } catch (IOException ignored) {
            // The client went away first.
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}

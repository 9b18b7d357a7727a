package dev.vitals.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated TCP service (mail, VPN gateway, file shares): it greets each connection with one line
 * and waits for the client to hang up. To refuse connections it closes its listener, and opens it
 * again on the same port when it recovers.
 */
final class TcpService implements Simulated {
    private static final Logger LOG = LoggerFactory.getLogger(TcpService.class);
    /** How long a connection is kept open for a client that does not hang up. */
    private static final int IDLE_MILLIS = 10_000;

    private final Endpoint endpoint;
    private final int port;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Condition condition = Condition.HEALTHY;
    // Guarded by this: the listener while the service listens, null while it refuses (or is closed).
    private ServerSocket listener;
    private Thread acceptor;
    private boolean closed;

    private TcpService(Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        this.acceptor = accept(listener);
    }

    static TcpService start(Endpoint endpoint) throws IOException {
        return new TcpService(endpoint);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        // Without it the port could stay taken for a while after a close, and the service could not recover.
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private Thread accept(ServerSocket s) {
        return Thread.ofVirtual()
                .name("demo-" + endpoint.name().toLowerCase(java.util.Locale.ROOT))
                .start(() -> {
                    while (!s.isClosed()) {
                        try {
                            Socket socket = s.accept();
                            connections.execute(() -> serve(socket));
                        } catch (IOException e) {
                            return; // the listener was closed: refusing, or the office is closing
                        }
                    }
                });
    }

    private void serve(Socket socket) {
        try (socket) {
            Condition c = condition;
            if (c instanceof Condition.Resetting) {
                socket.setSoLinger(true, 0); // close with a reset rather than a goodbye
                return;
            }
            if (c instanceof Condition.Slow slow) {
                Thread.sleep(slow.by());
            }
            OutputStream out = socket.getOutputStream();
            out.write((endpoint.greeting() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(IDLE_MILLIS);
            InputStream in = socket.getInputStream();
            byte[] ignored = new byte[512];
            while (in.read(ignored) >= 0) {
                // what the client says does not matter; wait for it to hang up
            }
        } catch (SocketTimeoutException e) {
            // the client stayed silent; hang up
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the office is closing
        }
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void set(Condition c) {
        if (!endpoint.kind().takes(c)) {
            throw new IllegalArgumentException(endpoint + " is a TCP service; it cannot be told: " + c.words());
        }
        condition = c;
        if (closed) {
            return;
        }
        if (c instanceof Condition.Refusing) {
            closeListener();
        } else if (listener == null) {
            try {
                listener = listen(port);
                acceptor = accept(listener);
            } catch (IOException e) {
                // Something else took the port meanwhile; the next tick tries again.
                LOG.warn("demo office: {} cannot listen on port {} again yet: {}", endpoint, port, e.getMessage());
            }
        }
    }

    @Override
    public Condition condition() {
        return condition;
    }

    private void closeListener() {
        if (listener != null) {
            try {
                listener.close();
                // The JDK may finish closing a socket that a virtual thread waits on in accept only once
                // that thread has left; until then connections were seen accepted, not refused (OfficeTest).
                acceptor.join(Duration.ofSeconds(2));
            } catch (IOException e) {
                LOG.debug("closing the listener of {}: {}", endpoint, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listener = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeListener();
        connections.shutdownNow();
    }
}

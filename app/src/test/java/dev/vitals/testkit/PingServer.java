package dev.vitals.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * A healthchecks.io-style ping receiver on loopback that records every request (method, path, query,
 * body) and answers {@code 200 OK}, or the statuses a test queues first: for tests of {@code vitals
 * run}, whose business ends at the HTTP request. The real ping routes have their own tests.
 */
public final class PingServer implements AutoCloseable {
    /** One request as it arrived; {@code query} is the raw query, empty when there was none. */
    public record Ping(String method, String path, String query, String contentType, String body) {
        /** The value of {@code name} in the query, such as {@code rid}. */
        public Optional<String> param(String name) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return Optional.of(pair.substring(eq + 1));
                }
            }
            return Optional.empty();
        }
    }

    private final HttpServer server;
    private final List<Ping> pings = new ArrayList<>();
    private final Deque<Integer> queued = new ArrayDeque<>();
    private int otherwise = 200;

    private PingServer(HttpServer server) {
        this.server = server;
    }

    public static PingServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            PingServer p = new PingServer(s);
            s.createContext("/", exchange -> {
                byte[] in = exchange.getRequestBody().readAllBytes();
                Ping ping = new Ping(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        Optional.ofNullable(exchange.getRequestURI().getRawQuery())
                                .orElse(""),
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                                .orElse(""),
                        new String(in, StandardCharsets.UTF_8));
                int status = p.record(ping);
                byte[] body = (status == 200 ? "OK" : status == 404 ? "not found" : "unavailable")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test ping server", e);
        }
    }

    private synchronized int record(Ping ping) {
        pings.add(ping);
        notifyAll();
        Integer next = queued.poll();
        return next == null ? otherwise : next;
    }

    /** The next requests get these statuses, in order; after them, the usual answer again. */
    public synchronized void answerNext(int... statuses) {
        for (int s : statuses) {
            queued.add(s);
        }
    }

    /** From now on, every request gets this status. */
    public synchronized void answerAlways(int status) {
        queued.clear();
        otherwise = status;
    }

    public synchronized List<Ping> pings() {
        return List.copyOf(pings);
    }

    /** Waits up to {@code timeout} of real time for {@code count} pings: for a sender in another process. */
    public synchronized List<Ping> await(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pings.size() < count) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return List.copyOf(pings);
    }

    /** The ping URL of a check with this key, such as {@code http://127.0.0.1:PORT/ping/KEY}. */
    public String url(String key) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ping/" + key;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

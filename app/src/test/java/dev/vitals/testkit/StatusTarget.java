package dev.vitals.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A service to watch in end-to-end tests: an HTTP server on loopback whose every path answers with
 * the status and body the test sets, so that a test can take it down and bring it back.
 */
public final class StatusTarget implements AutoCloseable {
    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, "ok"));
    private final AtomicInteger requests = new AtomicInteger();

    private StatusTarget(HttpServer server) {
        this.server = server;
    }

    public static StatusTarget start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            StatusTarget t = new StatusTarget(s);
            s.createContext("/", exchange -> {
                t.requests.incrementAndGet();
                Answer a = t.answer.get();
                byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            return t;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test HTTP server", e);
        }
    }

    /** From now on every request gets this status and body. */
    public void answer(int status, String body) {
        answer.set(new Answer(status, body));
    }

    public int requests() {
        return requests.get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

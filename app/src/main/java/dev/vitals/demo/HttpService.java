package dev.vitals.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A simulated web service: the JDK's small HTTP server, answering as its condition says. */
final class HttpService implements Simulated {
    private final Endpoint endpoint;
    private final HttpServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Condition condition = Condition.HEALTHY;

    private HttpService(Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
    }

    static HttpService start(Endpoint endpoint) throws IOException {
        return new HttpService(endpoint);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Condition c = condition;
            if (c instanceof Condition.Slow slow) {
                try {
                    Thread.sleep(slow.by());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // the office is closing
                }
            }
            Reply reply = c instanceof Condition.Erroring e
                    ? Reply.error(e.status())
                    : Reply.of(endpoint, exchange.getRequestURI().getPath(), c instanceof Condition.BadNews)
                            .orElseGet(Reply::notFound);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void set(Condition c) {
        if (!endpoint.kind().takes(c)) {
            throw new IllegalArgumentException(endpoint + " is an HTTP service; it cannot be told: " + c.words());
        }
        condition = c;
    }

    @Override
    public Condition condition() {
        return condition;
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
    }
}

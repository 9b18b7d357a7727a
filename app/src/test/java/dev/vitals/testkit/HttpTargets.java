package dev.vitals.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An HTTP or HTTPS server in the test, on 127.0.0.1 and a free port, answering routes the test
 * defines: a status, headers and body, after a delay, a redirect, an endless body, or no answer at
 * all. It records every request it receives. Usage:
 *
 * <pre>{@code
 * try (var server = HttpTargets.http().on("/health", Route.ok("{\"status\":\"up\"}"))) {
 *     URI url = server.url("/health");
 *     ...
 *     assertThat(server.lastReceived().method()).isEqualTo("GET");
 * }
 * }</pre>
 *
 * For HTTPS, pass {@code leaf.serverContext()} from {@link Certificates}. Handlers run on virtual
 * threads, so hundreds of concurrent checks are served at once.
 */
public final class HttpTargets implements AutoCloseable {
    private final HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private HttpTargets(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static HttpTargets http() {
        try {
            return new HttpTargets(HttpServer.create(loopback(), 512), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpTargets https(SSLContext serverContext) {
        try {
            HttpsServer s = HttpsServer.create(loopback(), 512);
            s.setHttpsConfigurator(new HttpsConfigurator(serverContext));
            return new HttpTargets(s, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** Answers requests for exactly {@code path} (without the query) with {@code route}. */
    public HttpTargets on(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path} on this server, by IP address (no DNS lookup). */
    public URI url(String path) {
        return URI.create(scheme + "://127.0.0.1:" + port() + path);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received lastReceived() {
        if (received.isEmpty()) {
            throw new AssertionError("the server received no request");
        }
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers copy = new Headers();
            copy.putAll(exchange.getRequestHeaders());
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    copy,
                    new String(body, StandardCharsets.UTF_8)));
            Route route = routes.getOrDefault(
                    exchange.getRequestURI().getPath(), Route.status(404, "no route for this path"));
            respond(exchange, route);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (a cut-off body, a timeout): that is what some tests do.
        }
    }

    private void respond(HttpExchange exchange, Route route) throws IOException, InterruptedException {
        if (route.neverAnswers()) {
            closed.await(30, TimeUnit.SECONDS);
            return;
        }
        if (!route.delay().isZero() && closed.await(route.delay().toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        route.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(route.status(), -1);
            return;
        }
        if (route.endlessBody()) {
            exchange.sendResponseHeaders(route.status(), 0);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = route.body().getBytes(StandardCharsets.UTF_8);
            while (closed.getCount() > 0) {
                out.write(chunk);
                if (!route.pause().isZero()) {
                    out.flush();
                    if (closed.await(route.pause().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
            return;
        }
        byte[] body = route.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(route.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    /** What the server received. */
    public record Received(String method, String path, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** How the server answers one path. */
    public record Route(
            int status,
            Map<String, String> headers,
            String body,
            Duration delay,
            boolean endlessBody,
            boolean neverAnswers,
            Duration pause) {
        public Route {
            headers = Map.copyOf(headers);
        }

        public static Route ok(String body) {
            return status(200, body);
        }

        public static Route status(int status, String body) {
            return new Route(status, Map.of(), body, Duration.ZERO, false, false, Duration.ZERO);
        }

        public static Route json(String json) {
            return ok(json).withHeader("Content-Type", "application/json");
        }

        public static Route redirect(int status, String location) {
            return status(status, "").withHeader("Location", location);
        }

        /** A body that never ends: {@code chunk} again and again until the client goes away. */
        public static Route endless(String chunk) {
            return new Route(200, Map.of(), chunk, Duration.ZERO, true, false, Duration.ZERO);
        }

        /**
         * A body that never ends and comes slowly: {@code chunk}, then a pause, again and again. Only a
         * deadline can end reading it, however fast the machine.
         */
        public static Route trickle(String chunk, Duration pause) {
            return new Route(200, Map.of(), chunk, Duration.ZERO, true, false, pause);
        }

        /** Reads the request and never answers. */
        public static Route hang() {
            return new Route(200, Map.of(), "", Duration.ZERO, false, true, Duration.ZERO);
        }

        public Route withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Route(status, h, body, delay, endlessBody, neverAnswers, pause);
        }

        public Route withDelay(Duration d) {
            return new Route(status, headers, body, d, endlessBody, neverAnswers, pause);
        }
    }
}

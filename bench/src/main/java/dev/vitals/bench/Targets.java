package dev.vitals.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The services the benchmark watches: small HTTP servers on loopback that answer every request with
 * 200 and a short body, as a health endpoint does. Several servers on several loopback addresses
 * spread the connections, so that the benchmark measures Vitals and not one accept queue.
 */
final class Targets implements AutoCloseable {
    private static final byte[] BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final List<HttpServer> servers = new ArrayList<>();
    private final LongAdder requests = new LongAdder();

    Targets(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0." + (1 + i % 4), 0), 4096);
            s.createContext("/", exchange -> {
                requests.increment();
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, BODY.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(BODY);
                }
            });
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            servers.add(s);
        }
    }

    /** The URL of the i-th monitor: monitors are dealt round the servers. */
    String url(int i) {
        HttpServer s = servers.get(i % servers.size());
        return "http://" + s.getAddress().getHostString() + ":" + s.getAddress().getPort() + "/health/" + i;
    }

    long requests() {
        return requests.sum();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}

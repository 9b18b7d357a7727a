package dev.vitals.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Targets the benchmark turns down and up: the i-th monitor's URL answers 200 while target i is up
 * and 500 while it is down, so that the benchmark decides when each monitor flips.
 */
final class SwitchTargets implements AutoCloseable {
    private static final byte[] BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final List<HttpServer> servers = new ArrayList<>();
    private final AtomicIntegerArray down;

    SwitchTargets(int servers, int targets) throws IOException {
        down = new AtomicIntegerArray(targets);
        for (int i = 0; i < servers; i++) {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0." + (1 + i % 4), 0), 4096);
            s.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(down.get(n) == 1 ? 500 : 200, BODY.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(BODY);
                }
            });
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            this.servers.add(s);
        }
    }

    String url(int i) {
        HttpServer s = servers.get(i % servers.size());
        return "http://" + s.getAddress().getHostString() + ":" + s.getAddress().getPort() + "/health/" + i;
    }

    void down(int i) {
        down.set(i, 1);
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}

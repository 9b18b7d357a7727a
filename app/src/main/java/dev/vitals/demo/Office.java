package dev.vitals.demo;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The simulated office: one real server per {@link Endpoint}, each on an ephemeral port of the
 * loopback address, so that the demo needs no free port but its own and reaches nothing outside
 * this machine. Each service is told how to behave with {@link #set}.
 */
public final class Office implements AutoCloseable {
    private final Map<Endpoint, Simulated> servers = new EnumMap<>(Endpoint.class);

    private Office() {}

    /** Starts every server of the office, all healthy. */
    public static Office start() {
        Office office = new Office();
        try {
            for (Endpoint e : Endpoint.values()) {
                office.servers.put(
                        e,
                        switch (e.kind()) {
                            case HTTP -> HttpService.start(e);
                            case TCP -> TcpService.start(e);
                        });
            }
            return office;
        } catch (IOException e) {
            office.close();
            throw new DemoException("cannot start the simulated office on the loopback address: " + e.getMessage(), e);
        }
    }

    /** The loopback port the endpoint listens on (also while it refuses connections). */
    public int port(Endpoint e) {
        return servers.get(e).port();
    }

    /** Tells every endpoint of {@code s} to behave as {@code c}; idempotent. */
    public void set(Service s, Condition c) {
        if (!Endpoint.takes(s, c)) {
            throw new IllegalArgumentException(s.label() + " cannot be told: " + c.words());
        }
        for (Endpoint e : Endpoint.of(s)) {
            servers.get(e).set(c);
        }
    }

    public Condition condition(Service s) {
        return servers.get(Endpoint.of(s).get(0)).condition();
    }

    @Override
    public void close() {
        servers.values().forEach(Simulated::close);
    }
}

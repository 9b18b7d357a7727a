package dev.vitals.monitors;

import dev.vitals.config.MapReader;
import dev.vitals.config.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A TCP connection, optionally sending {@code send} and reading what comes back. Without
 * expectations, connecting is success. With them, data is read until they match, the peer closes,
 * 64 KiB have arrived or the timeout is reached.
 */
public record TcpTarget(String host, int port, Optional<String> send, Expect expect, Expect warn) implements Target {

    /** Assertions on the bytes received (read as UTF-8, after the banner and any reply to {@code send}). */
    public record Expect(Optional<Regex> bannerMatches, Optional<String> contains) {
        public static final Expect NONE = new Expect(Optional.empty(), Optional.empty());

        public boolean isEmpty() {
            return bannerMatches.isEmpty() && contains.isEmpty();
        }

        static Expect read(MapReader m) {
            return new Expect(m.optional("banner_matches", Regex.parser()), m.optional("contains", Scalars.string()));
        }

        Map<String, Object> render() {
            Map<String, Object> out = new LinkedHashMap<>();
            bannerMatches.ifPresent(v -> out.put("banner_matches", v.toString()));
            contains.ifPresent(v -> out.put("contains", v));
            return out;
        }
    }

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public String describe() {
        return HostPort.format(host, port);
    }

    static Optional<Target> read(MapReader m) {
        Optional<String> host = m.required("host", Scalars.nonBlank());
        Optional<Integer> port = m.required("port", Scalars.port());
        Optional<String> send = m.optional("send", Scalars.string());
        Expect expect = Sections.read(m, "expect", Expect::read, Expect.NONE);
        Expect warn = Sections.read(m, "warn", Expect::read, Expect.NONE);
        if (host.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TcpTarget(host.get(), port.get(), send, expect, warn));
    }

    @Override
    public void render(Map<String, Object> out) {
        out.put("host", host);
        out.put("port", port);
        send.ifPresent(s -> out.put("send", s));
        if (!expect.isEmpty()) {
            out.put("expect", expect.render());
        }
        if (!warn.isEmpty()) {
            out.put("warn", warn.render());
        }
    }
}

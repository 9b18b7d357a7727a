package dev.vitals.monitors;

import dev.vitals.config.MapReader;
import dev.vitals.config.Scalars;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A TLS handshake with {@code host:port}, judging the certificate the server presents: its chain
 * against the trusted roots (the JDK's, or {@code caFile}), its validity for {@code serverName}
 * (the host by default), its dates and the days it has left.
 */
public record TlsTarget(
        String host, int port, Optional<String> serverName, Optional<Path> caFile, Expect expect, Expect warn)
        implements Target {

    public record Expect(OptionalInt daysLeftAtLeast, boolean chainValid, boolean hostnameValid) {
        public static final Expect DEFAULT = new Expect(OptionalInt.empty(), true, true);
        public static final Expect NONE = new Expect(OptionalInt.empty(), false, false);

        static Expect read(MapReader m, Expect defaults) {
            OptionalInt days = m.optional("days_left_at_least", Scalars.integer(0, 3650))
                    .map(l -> OptionalInt.of(l.intValue()))
                    .orElse(OptionalInt.empty());
            return new Expect(
                    days,
                    m.value("chain_valid", Scalars.bool(), defaults.chainValid()),
                    m.value("hostname_valid", Scalars.bool(), defaults.hostnameValid()));
        }

        Map<String, Object> render() {
            Map<String, Object> out = new LinkedHashMap<>();
            daysLeftAtLeast.ifPresent(v -> out.put("days_left_at_least", v));
            out.put("chain_valid", chainValid);
            out.put("hostname_valid", hostnameValid);
            return out;
        }
    }

    /** The name the certificate must be valid for and that is sent as SNI. */
    public String effectiveServerName() {
        return serverName.orElse(host);
    }

    @Override
    public String kind() {
        return "tls";
    }

    @Override
    public String describe() {
        return "certificate of " + HostPort.format(host, port);
    }

    static Optional<Target> read(MapReader m) {
        Optional<String> host = m.required("host", Scalars.nonBlank());
        int port = m.value("port", Scalars.port(), 443);
        Optional<String> serverName = m.optional("server_name", Scalars.nonBlank());
        Optional<Path> caFile = m.optional("ca_file", Scalars.nonBlank())
                .map(p -> m.context().baseDir().resolve(p));
        Expect expect = Sections.read(m, "expect", r -> Expect.read(r, Expect.DEFAULT), Expect.DEFAULT);
        Expect warn = Sections.read(m, "warn", r -> Expect.read(r, Expect.NONE), Expect.NONE);
        return host.map(h -> new TlsTarget(h, port, serverName, caFile, expect, warn));
    }

    @Override
    public void render(Map<String, Object> out) {
        out.put("host", host);
        out.put("port", port);
        serverName.ifPresent(s -> out.put("server_name", s));
        caFile.ifPresent(p -> out.put("ca_file", p.toString()));
        out.put("expect", expect.render());
        if (!warn.equals(Expect.NONE)) {
            out.put("warn", warn.render());
        }
    }
}

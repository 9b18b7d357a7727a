package dev.vitals.monitors;

import dev.vitals.config.Scalars;
import dev.vitals.config.ValueParser;
import java.util.Optional;

/** A host and port written as {@code host:port}, {@code [::1]:53} or just {@code host} with a default port. */
public record HostPort(String host, int port) {
    public static String format(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return format(host, port);
    }

    public static ValueParser<HostPort> parser(int defaultPort) {
        return (node, ctx) -> Scalars.nonBlank().parse(node, ctx).flatMap(text -> {
            String t = text.strip();
            String host = t;
            String port = null;
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    ctx.problems().add(node, "unclosed [ in address \"" + t + "\"");
                    return Optional.empty();
                }
                host = t.substring(1, close);
                if (close + 1 < t.length()) {
                    if (t.charAt(close + 1) != ':') {
                        ctx.problems().add(node, "expected host:port, found \"" + t + "\"");
                        return Optional.empty();
                    }
                    port = t.substring(close + 2);
                }
            } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
                host = t.substring(0, t.indexOf(':'));
                port = t.substring(t.indexOf(':') + 1);
            }
            int p = defaultPort;
            if (port != null) {
                try {
                    p = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    p = -1;
                }
                if (p < 1 || p > 65535) {
                    ctx.problems().add(node, "port must be between 1 and 65535 in \"" + t + "\"");
                    return Optional.empty();
                }
            }
            if (host.isBlank()) {
                ctx.problems().add(node, "missing host in \"" + t + "\"");
                return Optional.empty();
            }
            return Optional.of(new HostPort(host, p));
        });
    }
}

package dev.vitals.monitors;

import dev.vitals.config.MapReader;
import dev.vitals.config.Scalars;
import dev.vitals.config.Sizes;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An HTTP(S) request and what its response must look like. Redirects are followed up to {@code
 * maxRedirects}; TLS certificates are verified unless {@code verifyTls} is off; at most {@code
 * maxBodyBytes} of the body are read, and what was read is still judged.
 */
public record HttpTarget(
        URI url,
        String method,
        Map<String, String> headers,
        Optional<String> body,
        int maxRedirects,
        boolean verifyTls,
        Optional<Path> caFile,
        long maxBodyBytes,
        Expect expect,
        Expect warn)
        implements Target {

    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final long DEFAULT_MAX_BODY = 1024L * 1024;
    public static final List<StatusRange> DEFAULT_STATUS = List.of(new StatusRange(200, 399));

    public HttpTarget {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * Assertions on a response. Under {@code expect} a failed one makes the result down; under {@code
     * warn}, degraded. Empty lists and absent values assert nothing.
     */
    public record Expect(
            List<StatusRange> status,
            Optional<String> bodyContains,
            Optional<String> bodyNotContains,
            Optional<Regex> bodyMatches,
            Map<String, String> json,
            OptionalInt certDaysLeftAtLeast) {
        public static final Expect NONE = new Expect(
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), OptionalInt.empty());

        public Expect {
            status = List.copyOf(status);
            json = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(json));
        }

        static Expect read(MapReader m, List<StatusRange> defaultStatus) {
            return new Expect(
                    m.value("status", Scalars.listOf(StatusRange.parser()), defaultStatus),
                    m.optional("body_contains", Scalars.string()),
                    m.optional("body_not_contains", Scalars.string()),
                    m.optional("body_matches", Regex.parser()),
                    m.value("json", Scalars.mapOf(Scalars.string()), Map.of()),
                    m.optional("cert_days_left_at_least", Scalars.integer(0, 3650))
                            .map(l -> OptionalInt.of(l.intValue()))
                            .orElse(OptionalInt.empty()));
        }

        Map<String, Object> render() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (!status.isEmpty()) {
                out.put("status", status.stream().map(StatusRange::render).toList());
            }
            bodyContains.ifPresent(v -> out.put("body_contains", v));
            bodyNotContains.ifPresent(v -> out.put("body_not_contains", v));
            bodyMatches.ifPresent(v -> out.put("body_matches", v.toString()));
            if (!json.isEmpty()) {
                out.put("json", json);
            }
            certDaysLeftAtLeast.ifPresent(v -> out.put("cert_days_left_at_least", v));
            return out;
        }
    }

    @Override
    public String kind() {
        return "http";
    }

    @Override
    public String describe() {
        return method + " " + Redact.url(url.toString());
    }

    static Optional<Target> read(MapReader m) {
        Optional<URI> url = m.required("url", Scalars.uri(Set.of("http", "https")));
        String method = m.value("method", Scalars.oneOf(METHODS), "GET");
        Map<String, String> headers = m.value("headers", Scalars.mapOf(Scalars.string()), Map.of());
        Optional<String> body = m.optional("body", Scalars.string());
        int maxRedirects = m.value("max_redirects", Scalars.integer(0, 30), (long) DEFAULT_MAX_REDIRECTS)
                .intValue();
        long maxBody = m.value(
                "max_body",
                Sizes.parser().where(v -> v >= 1 && v <= 64L * 1024 * 1024, "must be between 1 byte and 64MiB"),
                DEFAULT_MAX_BODY);
        boolean verify = true;
        Optional<Path> caFile = Optional.empty();
        Optional<MapReader> tls = m.node("tls").flatMap(n -> MapReader.of(n, "tls", m.context()));
        if (tls.isPresent()) {
            verify = tls.get().value("verify", Scalars.bool(), true);
            caFile = tls.get()
                    .optional("ca_file", Scalars.nonBlank())
                    .map(p -> m.context().baseDir().resolve(p));
            tls.get().finish();
        }
        Expect expect = Sections.read(
                m,
                "expect",
                r -> Expect.read(r, DEFAULT_STATUS),
                new Expect(
                        DEFAULT_STATUS,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of(),
                        OptionalInt.empty()));
        Expect warn = Sections.read(m, "warn", r -> Expect.read(r, List.of()), Expect.NONE);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new HttpTarget(url.get(), method, headers, body, maxRedirects, verify, caFile, maxBody, expect, warn));
    }

    @Override
    public void render(Map<String, Object> out) {
        // A webhook-style URL carries its secret in the user-info or the query: shown masked.
        out.put("url", Redact.url(url.toString()));
        out.put("method", method);
        if (!headers.isEmpty()) {
            out.put("headers", Redact.headers(headers));
        }
        body.ifPresent(b -> out.put("body", b));
        out.put("max_redirects", maxRedirects);
        out.put("max_body", dev.vitals.config.Sizes.format(maxBodyBytes));
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("verify", verifyTls);
        caFile.ifPresent(p -> tls.put("ca_file", p.toString()));
        out.put("tls", tls);
        out.put("expect", expect.render());
        Map<String, Object> w = warn.render();
        if (!w.isEmpty()) {
            out.put("warn", w);
        }
    }
}

package dev.vitals.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile HTTP around the body: header values (credentials that prove nothing,
 * content types, anything at all), path segments, request targets and query strings. Like {@link
 * HostileInput}, they never contain the words of {@link HostileInput#LEAKS}.
 */
final class HostileHttp {
    private HostileHttp() {}

    // ---- headers

    /** A header value: anything at all, control characters too, or far too long. */
    static Arbitrary<String> headerText() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(3, Arbitraries.strings().ascii().ofMaxLength(80)),
                Tuple.of(2, Arbitraries.of(HostileInput.NASTY)),
                Tuple.of(1, Arbitraries.of(HostileInput.MEANINGFUL)),
                Tuple.of(1, Arbitraries.integers().between(1000, 20_000).map("z"::repeat)));
    }

    /** Authorization values that prove nothing. */
    static Arbitrary<String> garbageAuthorization() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, headerText().map(t -> "Bearer " + t)),
                Tuple.of(1, headerText().map(t -> "Bearer vt_" + t)),
                Tuple.of(1, headerText()),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "",
                                "Bearer",
                                "Bearer ",
                                "Bearer  ",
                                "bearer",
                                "Bearer vt_",
                                "Bearer vt_" + "a".repeat(43),
                                "Bearer " + ApiHarness.BOOTSTRAP + "x",
                                "Bearer " + ApiHarness.BOOTSTRAP.substring(1),
                                "Bearer " + ApiHarness.BOOTSTRAP.toUpperCase(java.util.Locale.ROOT),
                                "Basic dXNlcjpwYXNz",
                                "Basic",
                                "Digest username=\"ada\", realm=\"vitals\"",
                                "Negotiate YII=",
                                "Token " + ApiHarness.BOOTSTRAP,
                                ApiHarness.BOOTSTRAP,
                                "Bearer\t" + "\u0000",
                                "Bearer a b c")));
    }

    /** Cookie headers without a live session: broken syntax, unknown sessions, hundreds of cookies. */
    static Arbitrary<String> garbageCookie() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, headerText().map(t -> "vitals_session=" + t)),
                Tuple.of(1, headerText()),
                Tuple.of(
                        1,
                        Arbitraries.integers()
                                .between(2, 400)
                                .map(n -> java.util.stream.IntStream.range(0, n)
                                        .mapToObj(i -> "c" + i + "=" + i)
                                        .collect(Collectors.joining("; ")))),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "vitals_session",
                                "vitals_session=",
                                "vitals_session=\"\"",
                                "vitals_session=\"abc",
                                "vitals_session=a; vitals_session=b",
                                "=;=;=",
                                ";;;",
                                "vitals_session=%00",
                                "vitals_session=" + "s".repeat(201),
                                "$Version=1; vitals_session=x; $Path=/",
                                "vitals_session=a,b")));
    }

    static Arbitrary<String> contentType() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, headerText()),
                Tuple.of(
                        4,
                        Arbitraries.of(
                                "application/json",
                                "application/json; charset=utf-8",
                                "application/json; charset=utf-16",
                                "application/json; charset=nonsense",
                                "application/json; charset=",
                                "application/json;;;",
                                "APPLICATION/JSON",
                                "application/x-www-form-urlencoded",
                                "application/x-www-form-urlencoded; charset=nonsense",
                                "application/x-www-form-urlencoded; charset=\"",
                                "multipart/form-data",
                                "multipart/form-data; boundary=x",
                                "multipart/form-data; boundary=",
                                "text/plain",
                                "*/*",
                                "",
                                ";",
                                "application/problem+json",
                                "application/yaml")));
    }

    /** Bodies to go with odd content types: form fields that are broken too. */
    static Arbitrary<HostileInput.Body> formOrJson() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, HostileInput.body()),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                        "_csrf=x",
                                        "_csrf=%zz",
                                        "_csrf=%",
                                        "_csrf=%ff%fe",
                                        "a=%e0%80%80",
                                        "=&=&&",
                                        "_csrf&_csrf=&_csrf=1",
                                        "--x\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ny\r\n--x--\r\n",
                                        "--x\r\n\r\n")
                                .map(HostileInput.Body::of)));
    }

    // ---- paths

    /** A path segment in the place of an id: known ids, traversal, encodings, odd characters, long runs. */
    static Arbitrary<String> segment() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("fin-web", "victim", "spare", "0", "1", "-1")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("._-~!$&'()*+,;=:@")
                                .ofMaxLength(20)),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "..",
                                ".",
                                "%2e%2e",
                                "%2E%2E",
                                "%252e%252e",
                                "..%2f..%2f",
                                "..%252f",
                                "%2F",
                                "%5c",
                                "%00",
                                "%",
                                "%zz",
                                "%ff",
                                "%c0%ae%c0%ae",
                                "%ed%a0%80",
                                "%e2%80%ae",
                                ";",
                                ";x=1",
                                "..;",
                                "..;/..;",
                                "\\..\\..",
                                "{id}",
                                "99999999999999999999",
                                "9223372036854775807",
                                "0x10",
                                "1e3",
                                "",
                                "/",
                                "//",
                                "?",
                                "#",
                                "é",
                                "\ud83d\ude00")),
                Tuple.of(1, Arbitraries.integers().between(100, 20_000).map("s"::repeat)));
    }

    private static final List<String> TRAVERSALS = List.of(
            "/..",
            "/../..",
            "/../../..",
            "/%2e%2e",
            "/%2E%2E/%2e%2e",
            "/%252e%252e",
            "/.",
            "//",
            "/./",
            "/..;",
            "/..%2f..%2f",
            "/%2e%2e%2f%2e%2e",
            "/%c0%ae%c0%ae",
            "/..\\..",
            "/%5c..%5c..");

    /**
     * A request target: one of {@code paths} (and some that are not routes) with junk for its
     * parameters, traversal put in, a junk segment added or a prefix that makes it no path at all, and
     * junk in the query. Written raw: some are not valid HTTP, which is the point.
     */
    static Arbitrary<String> target(List<String> paths) {
        List<String> templates = new ArrayList<>(paths);
        templates.addAll(List.of(
                "/",
                "/api",
                "/api/v1",
                "/api/v1/",
                "/ping/x",
                "/api/v2/monitors",
                "/API/V1/MONITORS",
                "/api/v1/monitors/",
                "/api/v1/monitors/{id}/results/{id}",
                "/api/v1/users/{name}/{name}"));
        Arbitrary<String> filled = Combinators.combine(
                        Arbitraries.of(templates), segment().list().ofMinSize(2).ofMaxSize(2))
                .as((t, segs) -> t.replaceFirst("\\{[a-z]+\\}", Matcher.quoteReplacement(segs.get(0)))
                        .replaceFirst("\\{[a-z]+\\}", Matcher.quoteReplacement(segs.get(1))));
        Arbitrary<String> mutated = Arbitraries.frequencyOf(
                Tuple.of(4, filled),
                Tuple.of(
                        3,
                        Combinators.combine(
                                        filled,
                                        Arbitraries.of(TRAVERSALS),
                                        Arbitraries.doubles().between(0, 1))
                                .as((p, t, where) -> {
                                    int at = p.indexOf('/', (int) (where * p.length()));
                                    return at < 0 ? p + t : p.substring(0, at) + t + p.substring(at);
                                })),
                Tuple.of(1, Combinators.combine(filled, segment()).as((p, seg) -> p + "/" + seg)),
                Tuple.of(
                        1,
                        Combinators.combine(
                                        Arbitraries.of(
                                                "",
                                                "*",
                                                "//",
                                                "http://127.0.0.1",
                                                "http://evil.example",
                                                "api/v1",
                                                "\\",
                                                "/\u0000"),
                                        filled)
                                .as((prefix, p) -> prefix + p)));
        return Combinators.combine(mutated, query(false).optional()).as((p, q) -> p + q.orElse(""));
    }

    /**
     * A query string with junk for the parameters the API reads, and some it does not; written raw, or
     * (when {@code encoded}) percent-encoded as a browser would, so that the junk reaches the API.
     */
    static Arbitrary<String> query(boolean encoded) {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(
                        5,
                        Arbitraries.of(
                                "limit", "from", "to", "window", "format", "before", "since", "monitor", "_csrf")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)),
                Tuple.of(1, Arbitraries.of("", "=", "%", "%zz", "limit[]", "a.b")));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(
                        6,
                        Arbitraries.of(
                                "-1",
                                "0",
                                "1",
                                "10001",
                                "99999999999999999999",
                                "1e3",
                                "garbage",
                                "",
                                "2026-11-24T10:00:00Z",
                                "2026-11-23T10:00:00Z",
                                "-1000000000-01-01T00:00:00Z",
                                "+1000000000-12-31T23:59:59.999999999Z",
                                "-999999999-01-01T00:00:00Z",
                                "+999999999-12-31T23:59:59Z",
                                "0000-01-01T00:00:00Z",
                                "9999-12-31T23:59:59Z",
                                "1970-01-01T00:00:00Z",
                                "1969-12-31T23:59:59.999Z",
                                "2026-02-30T00:00:00Z",
                                "2026-11-24T10:00:00+25:00",
                                "1d",
                                "0s",
                                "1ms",
                                "800d",
                                "801d",
                                "999999999d",
                                "1000000000d",
                                "-1s",
                                "json",
                                "jsonl",
                                "xml",
                                "JSON",
                                "fin-web",
                                "%00",
                                "%ff",
                                "%",
                                "+",
                                "%2B1d")),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.integers().between(100, 10_000).map("q"::repeat)));
        return Combinators.combine(name, value)
                .as((n, v) -> encoded ? encode(n) + "=" + encode(v) : n + "=" + v)
                .list()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(params -> "?" + String.join("&", params));
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

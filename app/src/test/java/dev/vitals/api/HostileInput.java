package dev.vitals.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of the text and bodies a hostile or careless client sends: JSON that is deep, huge,
 * mistyped, duplicated, truncated, not UTF-8 or not JSON at all ({@link HostileHttp} has the rest of
 * the request). Generated text never contains the words {@link #LEAKS} looks for, so that an error
 * message quoting the input back cannot pass for a leaked stack trace.
 */
final class HostileInput {
    /** What a stack trace or the server's insides look like in a response. */
    static final List<String> LEAKS =
            List.of("Exception", "\tat ", "java.", "org.eclipse", "io.javalin", "com.fasterxml", "jdk.");

    /** Field names of the API's bodies, and some no body has, so that wrong types reach the readers. */
    static final List<String> FIELDS = List.of(
            "id",
            "name",
            "kind",
            "url",
            "labels",
            "team",
            "interval",
            "timeout",
            "slow",
            "confirm",
            "fail_after",
            "recover_after",
            "paused",
            "headers",
            "method",
            "body",
            "expect",
            "warn",
            "status",
            "body_contains",
            "body_matches",
            "json",
            "tls",
            "verify",
            "ca_file",
            "max_body",
            "max_redirects",
            "description",
            "host",
            "port",
            "server",
            "record",
            "query",
            "database",
            "password",
            "password_file",
            "role",
            "teams",
            "disabled",
            "current",
            "new",
            "code",
            "secret",
            "scope",
            "expires_in",
            "_csrf",
            "",
            " ",
            "__proto__",
            "$ref");

    /** Values that mean something to some reader, or nearly do. */
    static final List<String> MEANINGFUL = List.of(
            "http",
            "tcp",
            "dns",
            "tls",
            "postgres",
            "mysql",
            "redis",
            "admin",
            "responder",
            "viewer",
            "read",
            "write",
            "finance",
            "fin-web",
            "victim",
            "1h",
            "90d",
            "0s",
            "-1s",
            "1ms",
            "7d",
            "8d",
            "999999999d",
            "1000000000d1000000000d",
            "2xx",
            "200-199",
            "100000",
            "1MiB",
            "99999999999TiB",
            "GET",
            "CONNECT",
            "http://127.0.0.1:9/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/",
            "http://[fe80::1%25eth0]/",
            "http://0x7f.1/",
            "http://a:b@127.0.0.1:99999/",
            "http://",
            "http:///x",
            "ftp://example.org/",
            "file:///etc/passwd",
            "postgres://u:p@[::1]:5432/db?sslmode=disable",
            "jdbc:postgresql://127.0.0.1/x?socketFactory=x",
            "redis://:secret@127.0.0.1:6379/0",
            "127.0.0.1",
            "::1",
            "[::1]",
            "999.999.999.999",
            "(?<x>a)\\k<y>",
            "(a+)+$",
            "[",
            "$.a[",
            "${VITALS_BOOTSTRAP_TOKEN}",
            "${env:HOME}");

    /** Text meant to confuse: injection, formats, direction marks, emoji, nothing at all. */
    static final List<String> NASTY = List.of(
            "",
            " ",
            "\t\n",
            "\u0000",
            "a\u0000b",
            "\ud800",
            "\udfff",
            "x\udbff",
            "\ud83d\ude00",
            "\u202egnp.exe",
            "\ufeff",
            "\uffff",
            "../../etc/passwd",
            "..\\..\\boot.ini",
            "' OR 1=1 --",
            "\"; DROP TABLE users; --",
            "<script>alert(1)</script>",
            "%s%s%s%n",
            "{{7*7}}",
            "${jndi:ldap://127.0.0.1/x}",
            "NaN",
            "-Infinity",
            "true",
            "null",
            "0",
            "\\u0000",
            "é",
            "e\u0301",
            "İ",
            "ß",
            "ǅ");

    private HostileInput() {}

    // ---- text

    /** Java text: any UTF-16 units (lone surrogates and NUL included), meaningful words, nasty ones, long runs. */
    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(16)),
                Tuple.of(2, Arbitraries.of(NASTY)),
                Tuple.of(3, Arbitraries.of(MEANINGFUL)),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("._-@+ :/")
                                .ofMaxLength(70)),
                Tuple.of(1, Arbitraries.integers().between(200, 200_000).map("y"::repeat)));
    }

    /**
     * {@code s} as a JSON string literal. Surrogates are written as escapes, so that a lone one reaches
     * the server as such; control characters raw when not {@code strict} (which makes the JSON invalid).
     */
    static String quote(String s, boolean strict) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if ((c < 0x20 && strict) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    // ---- JSON

    static Arbitrary<String> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
                Tuple.of(1, Arbitraries.integers().between(19, 5000).map("9"::repeat)),
                Tuple.of(1, Arbitraries.integers().between(1, 3000).map(n -> "0." + "0".repeat(n) + "1")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "-0",
                                "0.0",
                                "1e999999",
                                "-1e-999999",
                                "1E+2",
                                "1e400",
                                "9223372036854775808",
                                "-9223372036854775809",
                                "4294967296",
                                "2147483648",
                                "1.5",
                                "NaN",
                                "Infinity",
                                "0x10",
                                "01",
                                ".5",
                                "1e",
                                "-")));
    }

    private static Arbitrary<String> leaf() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, text().map(s -> quote(s, true))),
                Tuple.of(1, text().map(s -> quote(s, false))),
                Tuple.of(3, number()),
                Tuple.of(2, Arbitraries.of("true", "false", "null")));
    }

    /** A JSON value nested up to {@code depth} levels. */
    static Arbitrary<String> value(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<String> inner = value(depth - 1);
        return Arbitraries.frequencyOf(Tuple.of(3, leaf()), Tuple.of(1, object(inner)), Tuple.of(1, array(inner)));
    }

    /** A JSON object with keys mostly from {@link #FIELDS}, so duplicate keys come up often. */
    static Arbitrary<String> object(Arbitrary<String> values) {
        Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(FIELDS)), Tuple.of(1, text()))
                .map(k -> quote(k, true));
        return Combinators.combine(key, values)
                .as((k, v) -> k + ":" + v)
                .list()
                .ofMaxSize(7)
                .map(entries -> "{" + String.join(",", entries) + "}");
    }

    static Arbitrary<String> array(Arbitrary<String> values) {
        return values.list().ofMaxSize(6).map(items -> "[" + String.join(",", items) + "]");
    }

    /** A monitor that is almost right: a valid one with some fields taken out, doubled or given wrong values. */
    static Arbitrary<String> monitorish() {
        List<String> base = List.of(
                "\"id\":\"m-%d\"",
                "\"kind\":\"http\"", "\"url\":\"http://127.0.0.1:9/\"", "\"labels\":{\"team\":\"finance\"}");
        Arbitrary<List<String>> kept = Arbitraries.of(base).set().ofMaxSize(4).map(ArrayList::new);
        Arbitrary<List<String>> changed = Combinators.combine(
                        Arbitraries.of(FIELDS).map(f -> quote(f, true)), value(2))
                .as((k, v) -> k + ":" + v)
                .list()
                .ofMaxSize(3);
        return Combinators.combine(kept, changed, Arbitraries.integers().between(0, 999_999))
                .as((k, c, n) -> {
                    List<String> all = new ArrayList<>(k);
                    all.addAll(c);
                    return "{" + String.join(",", all).replace("%d", Integer.toString(n)) + "}";
                });
    }

    /** A valid monitor whose texts (name, description, a label, a header) are hostile. */
    static Arbitrary<String> validMonitor() {
        Arbitrary<String> text = text().map(t -> quote(t, true));
        return Combinators.combine(Arbitraries.integers().between(0, 999_999), text, text, text, text)
                .as((n, name, description, note, header) -> "{\"id\": \"v-" + n
                        + "\", \"kind\": \"http\", \"url\": \"http://127.0.0.1:9/\", \"name\": " + name
                        + ", \"description\": " + description + ", \"labels\": {\"team\": \"finance\", \"note\": "
                        + note + "}, \"expect\": {\"body_contains\": " + header + "}}");
    }

    /** Nesting far deeper than any reader allows: arrays, objects, closed or not. */
    static Arbitrary<String> deep() {
        return Combinators.combine(
                        Arbitraries.integers().between(60, 150_000),
                        Arbitraries.integers().between(0, 3))
                .as((n, style) -> switch (style) {
                    case 0 -> "[".repeat(n);
                    case 1 -> "[".repeat(n) + "]".repeat(n);
                    case 2 -> "{\"a\":".repeat(n) + "1" + "}".repeat(n);
                    default -> "{\"labels\":".repeat(n / 2);
                });
    }

    private static final List<String> BROKEN = List.of(
            "",
            " ",
            "\r\n",
            "{}{}",
            "{\"name\":\"a\"}garbage",
            "[]",
            "null",
            "\"x\"",
            "1",
            "{\"a\":}",
            "{'a':1}",
            "{a:1}",
            "/* comment */{}",
            "{\"a\":1,}",
            "[1,]",
            "{\"id\":\"x\",\"id\":\"y\"}",
            "{\"name\":\"a\",\"name\":{\"name\":[]}}",
            "---\nid: x\nkind: http\n",
            "id=x&kind=http",
            "\u0000",
            "{\"\u0000\":1}",
            "{\"a\":\"\\ud800\\ud800\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"\\x41\"}",
            "{\"a\" 1}",
            "}",
            "]",
            "{\"a\":[}",
            "{\"labels\":{\"team\":[\"finance\"]}}");

    /** Invalid UTF-8: overlong NUL, a bare continuation byte, an encoded surrogate, past U+10FFFF, cut short. */
    private static final List<byte[]> BAD_UTF8 = List.of(
            new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82});

    /** A request body: JSON of every shape, most of it hostile, some of it not JSON or not UTF-8. */
    static Arbitrary<Body> body() {
        Arbitrary<String> json = Arbitraries.frequencyOf(
                Tuple.of(3, value(3)),
                Tuple.of(4, object(value(2))),
                Tuple.of(4, monitorish()),
                Tuple.of(2, validMonitor()));
        Arbitrary<Body> truncated =
                json.flatMap(j -> Arbitraries.integers().between(0, j.length()).map(n -> Body.of(j.substring(0, n))));
        Arbitrary<Body> badBytes = Combinators.combine(
                        json, Arbitraries.of(BAD_UTF8), Arbitraries.doubles().between(0, 1))
                .as((j, bad, where) -> {
                    byte[] b = j.getBytes(StandardCharsets.UTF_8);
                    int at = (int) (where * b.length);
                    byte[] out = new byte[b.length + bad.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(bad, 0, out, at, bad.length);
                    System.arraycopy(b, at, out, at + bad.length, b.length - at);
                    return new Body(out);
                });
        return Arbitraries.frequencyOf(
                Tuple.of(10, json.map(Body::of)),
                Tuple.of(2, truncated),
                Tuple.of(2, badBytes),
                Tuple.of(1, deep().map(Body::of)),
                Tuple.of(2, Arbitraries.of(BROKEN).map(Body::of)),
                Tuple.of(
                        1,
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Body::new)),
                Tuple.of(1, json.map(j -> new Body(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, j)))),
                Tuple.of(1, json.map(j -> new Body(j.getBytes(StandardCharsets.UTF_16)))));
    }

    private static byte[] concat(byte[] a, String b) {
        byte[] bb = b.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(a, a.length + bb.length);
        System.arraycopy(bb, 0, out, a.length, bb.length);
        return out;
    }

    /** A request body as bytes (not always UTF-8), shown shortened when a property fails. */
    static final class Body {
        private final byte[] bytes;

        Body(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        static Body of(String text) {
            return new Body(text.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            return bytes.length + " bytes: " + shown(text) + (bytes.length > 300 ? "..." : "");
        }
    }

    /** {@code s} with control characters and surrogates as escapes, for failure messages. */
    static String shown(String s) {
        if (s.length() > 300) {
            return shown(s.substring(0, 300)) + "... (" + s.length() + " characters)";
        }
        return s.chars()
                .mapToObj(c -> c < 0x20 || Character.isSurrogate((char) c) || c == 0x7f
                        ? String.format("\\u%04x", c)
                        : Character.toString(c))
                .collect(Collectors.joining());
    }
}

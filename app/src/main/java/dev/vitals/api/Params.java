package dev.vitals.api;

import dev.vitals.config.Durations;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads query parameters and bodies, answering bad ones with a 400 that names the parameter. */
public final class Params {
    static final int MAX_BODY = 1024 * 1024;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private Params() {}

    static Optional<Instant> instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            Instant t = Instant.parse(v.strip());
            // Far enough for any question about results, and near enough that a day or a millisecond
            // more or less, or the time in milliseconds, cannot overflow.
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw ApiException.badRequest(
                        name, name + " must be a time between the years 1 and 9999, not \"" + v + "\"");
            }
            return Optional.of(t);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    name, name + " must be an ISO-8601 time such as 2026-11-24T10:00:00Z, not \"" + v + "\"");
        }
    }

    static Optional<Duration> duration(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Durations.parse(v)
                .orElseThrow(() -> ApiException.badRequest(
                        name, name + " must be a duration such as 24h, 7d or 90d, not \"" + v + "\"")));
    }

    static int integer(Context ctx, String name, int defaultValue, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(
                name, name + " must be a whole number from " + min + " to " + max + ", not \"" + v + "\"");
    }

    /**
     * The Content-Type header in lower case, or "" when there is none. Read as the header itself: the
     * servlet's reading of it throws on a charset it does not know, so "charset=nonsense" would be a 500.
     */
    static String contentType(Context ctx) {
        String ct = ctx.header("Content-Type");
        return ct == null ? "" : ct.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} body; none for any other body, so a
     * JSON body is never taken for form fields, and none for a form in a charset Java does not know
     * (the servlet throws on "charset=nonsense" while decoding it).
     */
    public static Map<String, List<String>> form(Context ctx) {
        if (!contentType(ctx).startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        try {
            return ctx.formParamMap();
        } catch (IllegalArgumentException e) { // UnsupportedCharsetException, IllegalCharsetNameException
            return Map.of();
        }
    }

    /** The request body as UTF-8 text; over 1 MiB is refused before it is read in full. */
    static String body(Context ctx) {
        try {
            return body(ctx, MAX_BODY);
        } catch (BodyTooLarge e) {
            throw tooLarge(e.limit());
        }
    }

    /**
     * The request body as UTF-8 text, refused with {@link BodyTooLarge} when it is over {@code limit}
     * bytes: when declared so, before a byte of it is read; when sent in chunks, as soon as it passes.
     */
    static String body(Context ctx, int limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) {
            throw new BodyTooLarge(limit); // refused before a byte of it is read
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > limit) {
                drain(in);
                throw new BodyTooLarge(limit);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, limit)));
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + n > limit) {
                    drain(in);
                    throw new BodyTooLarge(limit);
                }
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiException.badRequest("body", "the request body could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads and drops what is left of a refused body, up to the server's own limit: a client still
     * sending when the answer comes and the connection closes would see no answer at all, only a reset.
     */
    private static void drain(InputStream in) {
        long left = MAX_BODY;
        byte[] buf = new byte[8192];
        try {
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // The client gave up or the server's own limit cut it: the refusal is answered all the same.
        }
    }

    /**
     * Refuses a body declared over {@code limit} before anything else is done with the request; a body
     * within the server's own limit is read and dropped first, so that the client, still sending it,
     * gets the 413 rather than a reset connection.
     */
    static void refuseDeclaredOver(Context ctx, int limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared <= limit) {
            return;
        }
        if (declared <= MAX_BODY) {
            try (InputStream in = ctx.req().getInputStream()) {
                drain(in);
            } catch (IOException | RuntimeException e) {
                // Refused all the same.
            }
        }
        throw tooLarge(limit);
    }

    static ApiException tooLarge() {
        return tooLarge(MAX_BODY);
    }

    static ApiException tooLarge(int limit) {
        return new ApiException(
                413,
                "Content too large",
                "request bodies are limited to " + size(limit),
                Optional.empty(),
                java.util.List.of());
    }

    /** "1 MiB", "512 KiB": a limit in the words of the answer that refuses a body over it. */
    static String size(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    /**
     * A body over its limit. Its own type, not yet an answer: the PagerDuty route answers it in
     * PagerDuty's shape, every other route as problem details.
     */
    static final class BodyTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int limit;

        BodyTooLarge(int limit) {
            super("request bodies are limited to " + size(limit));
            this.limit = limit;
        }

        int limit() {
            return limit;
        }
    }
}

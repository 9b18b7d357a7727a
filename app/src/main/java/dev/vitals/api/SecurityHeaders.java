package dev.vitals.api;

import io.javalin.http.Context;

/**
 * The headers that make a browser hold the console to the least it needs: scripts, styles and calls
 * only from Vitals itself and never inline (so injected markup cannot run), no framing (no
 * click-jacking), no guessing of content types, no addresses leaked in referrers, and, under TLS,
 * HTTPS remembered for a year. Set before every request is handled, so error answers carry them too;
 * a route that needs another value (a status page meant to be embedded) sets its own.
 */
public final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'");
    /** A year, and no {@code includeSubDomains}: Vitals cannot speak for other hosts of the domain. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    private SecurityHeaders() {}

    /** Sets the headers on the response; HSTS only on a request that came over TLS. */
    public static void apply(Context ctx) {
        each(ctx.req().isSecure(), ctx::header);
    }

    /**
     * Hands each header to {@code set}: for a response made without Javalin (the pings' fast path),
     * which must carry the same ones.
     */
    static void each(boolean secure, java.util.function.BiConsumer<String, String> set) {
        set.accept("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        set.accept("X-Frame-Options", "DENY");
        set.accept("X-Content-Type-Options", "nosniff");
        set.accept("Referrer-Policy", "same-origin");
        // Answers are personal (and some hold a token or one-time password shown once): never stored.
        // The stylesheet, which is the same for everyone, sets its own caching.
        set.accept("Cache-Control", "no-store");
        if (secure) {
            // Browsers ignore it over plain HTTP, and sending it there would only mislead.
            set.accept("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }
}

package dev.vitals.api;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The cookies Vitals sets: always HttpOnly (no script reads them), Secure when the client came over
 * TLS (directly or through a trusted proxy), limited to {@code path}; {@code maxAge} 0 removes one.
 */
public final class Cookies {
    private Cookies() {}

    public static void set(Context ctx, String name, String value, String path, SameSite sameSite, int maxAge) {
        Cookie c = new Cookie(name, value);
        c.setPath(path);
        c.setHttpOnly(true);
        c.setSameSite(sameSite);
        c.setSecure(Client.of(ctx).secure());
        c.setMaxAge(maxAge);
        ctx.cookie(c);
    }

    /**
     * Where to go after signing in: only a path of this site. "//host" and "/\host" are addresses of
     * other sites to a browser, so they are refused, as is anything with spaces or control characters,
     * and the sign-in page itself.
     */
    public static java.util.Optional<String> localPath(String next) {
        if (next == null
                || next.length() > 2000
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.startsWith("/login")) {
            return java.util.Optional.empty();
        }
        for (int i = 0; i < next.length(); i++) {
            char ch = next.charAt(i);
            if (ch <= ' ' || ch >= 0x7f || ch == '\\') {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(next);
    }
}

package dev.vitals.api;

import dev.vitals.accounts.Accounts;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.time.Instant;

/** The session cookie: HttpOnly, SameSite=Lax, Secure when served over TLS, gone at the session's end. */
public final class Sessions {
    private Sessions() {}

    public static void setCookie(Context ctx, String value, Instant expires, Instant now) {
        int maxAge = (int) Math.max(1, Duration.between(now, expires).toSeconds());
        ctx.cookie(cookie(ctx, value, maxAge));
    }

    public static void clearCookie(Context ctx) {
        ctx.cookie(cookie(ctx, "", 0));
    }

    private static Cookie cookie(Context ctx, String value, int maxAge) {
        Cookie c = new Cookie(Accounts.SESSION_COOKIE, value);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSameSite(SameSite.LAX);
        c.setSecure(Client.of(ctx).secure());
        c.setMaxAge(maxAge);
        return c;
    }
}

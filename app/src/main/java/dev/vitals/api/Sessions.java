package dev.vitals.api;

import dev.vitals.accounts.Accounts;
import io.javalin.http.Context;
import io.javalin.http.SameSite;
import java.time.Duration;
import java.time.Instant;

/** The session cookie: HttpOnly, SameSite=Lax, Secure when served over TLS, gone at the session's end. */
public final class Sessions {
    private Sessions() {}

    public static void setCookie(Context ctx, String value, Instant expires, Instant now) {
        int maxAge = (int) Math.max(1, Duration.between(now, expires).toSeconds());
        Cookies.set(ctx, Accounts.SESSION_COOKIE, value, "/", SameSite.LAX, maxAge);
    }

    public static void clearCookie(Context ctx) {
        Cookies.set(ctx, Accounts.SESSION_COOKIE, "", "/", SameSite.LAX, 0);
    }
}

package dev.vitals.api;

import dev.vitals.push.GroupCommit;
import dev.vitals.push.Ping;
import dev.vitals.push.PingLimiter;
import dev.vitals.push.PushMonitors;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code /ping/{key}[/start|/fail|/log|/{exit_status}]}: where jobs report in, compatible with
 * healthchecks.io's ping URLs so that existing cron wrappers work unchanged. GET, POST and HEAD; the
 * body (up to 100 KB; more is cut and flagged) is the run's log. Answers {@code 200 OK} once the ping
 * is stored, {@code 404 not found} for a key that is malformed or unknown, {@code 400} for an exit
 * status outside 0 to 255 or a malformed {@code rid}, {@code 429} for a flood against one key, and
 * {@code 503} when it could not be stored (the sender should retry). Answers are plain text.
 */
public final class PingRoutes {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final long STORE_WAIT_SECONDS = 10;

    private final PushMonitors push;
    private final GroupCommit<Ping> commit;
    private final PingLimiter limiter;
    private final InstantSource clock;

    public PingRoutes(PushMonitors push, GroupCommit<Ping> commit, PingLimiter limiter, InstantSource clock) {
        this.push = push;
        this.commit = commit;
        this.limiter = limiter;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/ping/{key}", ctx -> ping(ctx, Optional.empty())),
                Route.post("/ping/{key}", ctx -> ping(ctx, Optional.empty())),
                Route.get("/ping/{key}/{action}", ctx -> ping(ctx, Optional.of(ctx.pathParam("action")))),
                Route.post("/ping/{key}/{action}", ctx -> ping(ctx, Optional.of(ctx.pathParam("action")))));
    }

    /**
     * A fast path for the server to put ahead of its routes: well-formed pings answered without
     * Javalin. The routes above stay, for the rest.
     */
    public org.eclipse.jetty.server.Handler.Wrapper fastPath(List<dev.vitals.checks.Cidr> trustedProxies) {
        return new PingFastPath(this, trustedProxies);
    }

    /** Whether {@code s} is a UUID in its usual text form (8-4-4-4-12 hexadecimal digits, either case). */
    static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private record What(Ping.Kind kind, Optional<Integer> exitStatus) {}

    /** What a ping is answered: a status, plain words, and for a refusal when to try again. */
    record Answer(int status, String text, Optional<String> retryAfter) {
        static final Answer OK = new Answer(200, "OK", Optional.empty());
        static final Answer NOT_FOUND = new Answer(404, "not found", Optional.empty());
        static final Answer UNSTORED = new Answer(503, "could not store the ping; try again", Optional.of("5"));
        static final Answer TOO_LARGE = new Answer(
                413,
                "request bodies are limited to " + Params.size(Params.MAX_BODY) + "; a ping keeps the first "
                        + Params.size(Ping.MAX_BODY),
                Optional.empty());

        static Answer refused(int status, String text) {
            return new Answer(status, text, Optional.empty());
        }
    }

    private void ping(Context ctx, Optional<String> action) {
        // Any page may ping (a browser job, a status widget), as with healthchecks.io.
        ctx.header("Access-Control-Allow-Origin", "*");
        Answer a = take(
                ctx.pathParam("key"),
                action,
                ctx.queryParam("rid"),
                () -> body(ctx),
                () -> Client.of(ctx).address());
        a.retryAfter().ifPresent(s -> ctx.header("Retry-After", s));
        answer(ctx, a.status(), a.text());
    }

    /**
     * Takes one ping, however it arrived (through Javalin, or {@link PingFastPath}): checks it, stores
     * it (returning once it is durable), applies it, and says what to answer.
     *
     * @param keyText the key as it is in the path
     * @param action the path's last part, if there is one: start, fail, log or an exit status
     * @param ridText the {@code rid} query parameter, or null
     * @param body read only once the ping is known to be taken
     * @param from the client's address, asked for only then too
     */
    Answer take(
            String keyText,
            Optional<String> action,
            String ridText,
            java.util.function.Supplier<Body> body,
            java.util.function.Supplier<String> from) {
        if (!isUuid(keyText)) {
            return Answer.NOT_FOUND;
        }
        UUID key = UUID.fromString(keyText.toLowerCase(java.util.Locale.ROOT));
        Optional<String> monitorId = push.monitorOf(key);
        if (monitorId.isEmpty()) {
            return Answer.NOT_FOUND;
        }
        What what;
        if (action.isEmpty()) {
            what = new What(Ping.Kind.SUCCESS, Optional.empty());
        } else {
            String a = action.get();
            switch (a) {
                case "start" -> what = new What(Ping.Kind.START, Optional.empty());
                case "fail" -> what = new What(Ping.Kind.FAIL, Optional.empty());
                case "log" -> what = new What(Ping.Kind.LOG, Optional.empty());
                default -> {
                    if (!DIGITS.matcher(a).matches()) {
                        return Answer.NOT_FOUND;
                    }
                    int status = Integer.parseInt(a);
                    if (status > 255) {
                        return Answer.refused(400, "exit status must be 0 to 255, not " + a);
                    }
                    what = new What(status == 0 ? Ping.Kind.SUCCESS : Ping.Kind.FAIL, Optional.of(status));
                }
            }
        }
        Optional<String> rid = Optional.ofNullable(ridText).filter(r -> !r.isEmpty());
        if (rid.isPresent() && !isUuid(rid.get())) {
            return Answer.refused(400, "rid must be a UUID, such as one from uuidgen");
        }
        if (!limiter.take(key)) {
            return new Answer(429, "rate limited: too many pings for this key", Optional.of("1"));
        }
        Body b = body.get();
        if (b.tooLarge()) {
            return Answer.TOO_LARGE;
        }
        Ping p = new Ping(
                monitorId.get(),
                clock.instant(),
                what.kind(),
                what.exitStatus(),
                rid.map(r -> r.toLowerCase(java.util.Locale.ROOT)),
                b.text(),
                b.truncated(),
                from.get());
        try {
            commit.submit(p).get(STORE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Answer.UNSTORED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.UNSTORED;
        }
        push.apply(p);
        return Answer.OK;
    }

    /** Set on a request this class answered, so that the server's error pages leave the answer alone. */
    static final String ANSWERED = "vitals.ping.answered";

    static void answer(Context ctx, int status, String text) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).contentType("text/plain; charset=utf-8");
        // Written here rather than handed to the server as a result, which it would copy through a
        // fresh buffer of many kilobytes: at thousands of pings a second, that was most of what a
        // ping allocated, and so most of the garbage collector's pauses.
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ctx.res().setContentLength(bytes.length);
        try {
            ctx.res().getOutputStream().write(bytes);
        } catch (IOException e) {
            // The sender has gone; the ping is stored all the same.
        }
    }

    /** A ping's body: its text, whether it was cut, and whether it passed every request body's limit. */
    record Body(String text, boolean truncated, boolean tooLarge) {
        static final Body NONE = new Body("", false, false);
        /** Over {@link Params#MAX_BODY} in all: refused, as every request body that large is. */
        static final Body TOO_LARGE = new Body("", true, true);

        Body(String text, boolean truncated) {
            this(text, truncated, false);
        }
    }

    /**
     * Up to {@link Ping#MAX_BODY} bytes of the body as text (bad UTF-8 replaced, NUL characters too,
     * which PostgreSQL's text cannot hold); the rest is read and dropped, and flagged. A body sent in
     * chunks past {@link Params#MAX_BODY} in all is {@link Body#TOO_LARGE}, and no more of it is read.
     */
    static Body body(Context ctx) {
        if (ctx.req().getContentLengthLong() <= 0 && ctx.header("Transfer-Encoding") == null) {
            return Body.NONE; // the usual ping: nothing to read, and no buffer made for it
        }
        try {
            return read(ctx.req().getInputStream());
        } catch (IOException e) {
            return Body.NONE;
        }
    }

    /**
     * Reads {@code in} to its end, keeping the first {@link Ping#MAX_BODY} bytes; closes it. Stops at
     * {@link Params#MAX_BODY} bytes in all: a sender that streams on and on does not hold the request.
     */
    static Body read(InputStream stream) {
        try (InputStream in = stream) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            boolean truncated = false;
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > Params.MAX_BODY) {
                    return Body.TOO_LARGE;
                }
                int room = Ping.MAX_BODY - kept.size();
                if (n > room) {
                    truncated = true;
                }
                if (room > 0) {
                    kept.write(buf, 0, Math.min(n, room));
                }
            }
            return new Body(text(kept.toByteArray()), truncated);
        } catch (IOException | RuntimeException e) {
            return Body.NONE;
        }
    }

    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString()
                    .replace('\u0000', '\uFFFD');
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
    }
}

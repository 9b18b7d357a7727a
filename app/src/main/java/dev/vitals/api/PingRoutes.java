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
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
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

    private record What(Ping.Kind kind, Optional<Integer> exitStatus) {}

    private void ping(Context ctx, Optional<String> action) {
        // Any page may ping (a browser job, a status widget), as with healthchecks.io.
        ctx.header("Access-Control-Allow-Origin", "*");
        String keyText = ctx.pathParam("key");
        if (!UUID_TEXT.matcher(keyText).matches()) {
            answer(ctx, 404, "not found");
            return;
        }
        UUID key = UUID.fromString(keyText.toLowerCase(java.util.Locale.ROOT));
        Optional<String> monitorId = push.monitorOf(key);
        if (monitorId.isEmpty()) {
            answer(ctx, 404, "not found");
            return;
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
                        answer(ctx, 404, "not found");
                        return;
                    }
                    int status = Integer.parseInt(a);
                    if (status > 255) {
                        answer(ctx, 400, "exit status must be 0 to 255, not " + a);
                        return;
                    }
                    what = new What(status == 0 ? Ping.Kind.SUCCESS : Ping.Kind.FAIL, Optional.of(status));
                }
            }
        }
        Optional<String> rid = Optional.ofNullable(ctx.queryParam("rid")).filter(r -> !r.isEmpty());
        if (rid.isPresent() && !UUID_TEXT.matcher(rid.get()).matches()) {
            answer(ctx, 400, "rid must be a UUID, such as one from uuidgen");
            return;
        }
        if (!limiter.take(key)) {
            ctx.header("Retry-After", "1");
            answer(ctx, 429, "rate limited: too many pings for this key");
            return;
        }
        Body body = body(ctx);
        Ping p = new Ping(
                monitorId.get(),
                clock.instant(),
                what.kind(),
                what.exitStatus(),
                rid.map(r -> r.toLowerCase(java.util.Locale.ROOT)),
                body.text(),
                body.truncated(),
                Client.of(ctx).address());
        try {
            commit.submit(p).get(STORE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ctx.header("Retry-After", "5");
            answer(ctx, 503, "could not store the ping; try again");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(ctx, 503, "could not store the ping; try again");
            return;
        }
        push.apply(p);
        answer(ctx, 200, "OK");
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

    record Body(String text, boolean truncated) {}

    /**
     * Up to {@link Ping#MAX_BODY} bytes of the body as text (bad UTF-8 replaced, NUL characters too,
     * which PostgreSQL's text cannot hold); the rest is read and dropped, and flagged.
     */
    static Body body(Context ctx) {
        if (ctx.req().getContentLengthLong() <= 0 && ctx.header("Transfer-Encoding") == null) {
            return new Body("", false); // the usual ping: nothing to read, and no buffer made for it
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            boolean truncated = false;
            int n;
            while ((n = in.read(buf)) >= 0) {
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
            return new Body("", false);
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

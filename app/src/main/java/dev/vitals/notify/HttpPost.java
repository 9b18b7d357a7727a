package dev.vitals.notify;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One HTTP POST of a notification's JSON payload to one URL, judged the same way for every HTTP
 * channel: 2xx is sent; 429, 5xx, timeouts and connection errors are retried (with the receiver's
 * {@code Retry-After}); any other answer is a permanent failure, with an excerpt of the receiver's
 * answer kept as the reason. Every request carries {@code Idempotency-Key: <nid>} (the same on every
 * attempt, so that a receiver can drop a repeat).
 *
 * <p>The whole call, body included, is cut at the timeout (10 s unless set) or at the dispatcher's
 * deadline if that is shorter, so a receiver that hangs costs at most that. Redirects are not
 * followed: a URL that moved is a configuration error to fix, and re-posting to wherever a redirect
 * points would leak the payload.
 */
public final class HttpPost {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int ERROR_BODY_CHARS = 200;

    private final OkHttpClient client;
    private final URI url;
    private final Duration timeout;
    private final InstantSource clock;

    /**
     * @param client shared by all HTTP channels (see {@link #client()}); each call sets its own timeout
     */
    public HttpPost(OkHttpClient client, URI url, Duration timeout, InstantSource clock) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A client for notifications: no redirects, no cookies, no cache. */
    public static OkHttpClient client() {
        return new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .cache(null)
                .build();
    }

    /** Posts the notification's payload with the extra {@code headers}; never throws. */
    public Delivery send(Claimed n, Duration deadline, Map<String, String> headers) {
        Duration limit = deadline.compareTo(timeout) < 0 ? deadline : timeout;
        Request.Builder request = new Request.Builder()
                .url(url.toString())
                .header("User-Agent", "Vitals")
                .header("Idempotency-Key", n.nid())
                .post(RequestBody.create(n.payload(), JSON));
        headers.forEach(request::header);
        Call call = client.newCall(request.build());
        call.timeout().timeout(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            return judge(response);
        } catch (InterruptedIOException e) {
            return new Delivery.Retry(
                    "no answer within " + limit.toMillis() + " ms", Optional.empty(), Optional.empty());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Delivery.Retry(
                    "could not reach " + url.getHost() + ": " + why, Optional.empty(), Optional.empty());
        }
    }

    private Delivery judge(Response response) throws IOException {
        int code = response.code();
        Optional<Integer> status = Optional.of(code);
        if (code >= 200 && code < 300) {
            return new Delivery.Sent(status);
        }
        String why = "HTTP " + code + excerpt(response);
        if (code == 429 || code >= 500) {
            return new Delivery.Retry(why, retryAfter(response.header("Retry-After")), status);
        }
        return new Delivery.Failed(why, status);
    }

    private static String excerpt(Response response) throws IOException {
        String body = response.peekBody(ERROR_BODY_CHARS * 4L).string().strip();
        if (body.isEmpty()) {
            return "";
        }
        return ": " + (body.length() > ERROR_BODY_CHARS ? body.substring(0, ERROR_BODY_CHARS) + "…" : body);
    }

    /** {@code Retry-After} as seconds or as an HTTP date; anything else is ignored. */
    Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.strip();
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 9) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package dev.vitals.cli;

import dev.vitals.checks.Deadline;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the pings of {@code vitals run}. A ping is worth a few quick tries and no more: the job it
 * reports on matters more than the report, so each ping has a small budget of time (10 s unless
 * tests shorten it), and connection errors, timeouts, 5xx and 429 are tried again within it. Any
 * other answer is final: a 404 means a wrong key, which no retry mends. Never throws.
 *
 * <p>Redirects are not followed: the JDK turns a redirected POST into a GET and would drop the log.
 * A moved ping URL is reported, with where it moved, for the user to fix.
 */
final class Pinger implements AutoCloseable {
    private static final int EXCERPT_CHARS = 100;

    /** How hard one ping tries: at most {@code attempts} within {@code budget}, waiting between them. */
    record Patience(int attempts, Duration budget, Duration attemptTimeout, Duration firstBackoff) {
        static Patience standard() {
            return new Patience(3, Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofMillis(500));
        }
    }

    /** What a ping came to, after its tries. */
    sealed interface Outcome permits Delivered, Refused, Unreachable {}

    /** The server took it (2xx). */
    record Delivered(int status) implements Outcome {}

    /** The server answered no for good: a 4xx other than 429, or a redirect. */
    record Refused(int status, String why) implements Outcome {}

    /** No good answer within the budget: no connection, no answer in time, 5xx or 429. */
    record Unreachable(String why) implements Outcome {}

    private final HttpClient client;
    private final Patience patience;
    private final String userAgent;

    Pinger(Patience patience, String userAgent) {
        this.patience = patience;
        this.userAgent = userAgent;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(patience.attemptTimeout())
                .build();
    }

    Outcome get(URI url) {
        return send(HttpRequest.newBuilder(url).GET());
    }

    /** A POST whose body is {@code text} as UTF-8 plain text: the run's log. */
    Outcome post(URI url, String text) {
        return send(HttpRequest.newBuilder(url)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    }

    private Outcome send(HttpRequest.Builder request) {
        request.header("User-Agent", userAgent);
        Deadline deadline = Deadline.in(patience.budget());
        Duration wait = patience.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            Duration timeout = shorter(patience.attemptTimeout(), deadline.remaining());
            if (timeout.toMillis() < 1) {
                timeout = Duration.ofMillis(1); // 0 would mean "no timeout" to some, an error to others
            }
            Outcome outcome = once(request.timeout(timeout).build(), timeout);
            if (!(outcome instanceof Unreachable u)) {
                return outcome;
            }
            String tries = attempt == 1 ? "" : " (" + attempt + " tries)";
            // The next try must have time left for itself after the wait, or it is not worth making.
            if (attempt >= patience.attempts() || deadline.remaining().compareTo(wait.multipliedBy(2)) < 0) {
                return new Unreachable(u.why() + tries);
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Unreachable(u.why() + tries + ", then interrupted");
            }
            wait = wait.multipliedBy(2);
        }
    }

    private Outcome once(HttpRequest request, Duration timeout) {
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            // The request's own timeout stops at the headers; this bounds the body and DNS too.
            return judge(call.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Unreachable("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Unreachable(reason(e.getCause(), timeout));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new Unreachable("interrupted");
        }
    }

    private static Outcome judge(HttpResponse<String> response) {
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            return new Delivered(code);
        }
        if (code == 429 || code >= 500) {
            return new Unreachable("HTTP " + code + excerpt(response.body()));
        }
        if (code >= 300 && code < 400) {
            String where = response.headers()
                    .firstValue("Location")
                    .map(l -> ", moved to " + l + ": use that address")
                    .orElse("");
            return new Refused(code, "HTTP " + code + where);
        }
        String hint = code == 404 ? ": is the ping URL right? No monitor has this key" : "";
        return new Refused(code, "HTTP " + code + excerpt(response.body()) + hint);
    }

    private static String excerpt(String body) {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (b.isEmpty()) {
            return "";
        }
        return " \"" + (b.length() > EXCERPT_CHARS ? b.substring(0, EXCERPT_CHARS) + "…" : b) + "\"";
    }

    /** The failure in plain words; the JDK's client often wraps the useful message, or has none. */
    static String reason(Throwable failure, Duration timeout) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toMillis() + " ms";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t instanceof ConnectException
                    && (t.getMessage() == null || t.getMessage().isBlank())) {
                continue;
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        // The JDK's client says no more than this when nothing listens on the port.
        return failure instanceof ConnectException
                ? "connection refused"
                : failure.getClass().getSimpleName();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        // Every ping has ended by now; nothing is left worth waiting for.
        client.shutdownNow();
    }
}

package dev.vitals.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small client of the Vitals REST API for end-to-end tests: JSON in, status and JSON out. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    private final java.util.Optional<String> token;
    private volatile java.util.Optional<String> csrf = java.util.Optional.empty();

    /** A client that acts as the bootstrap admin token of {@link VitalsProcess}. */
    public ApiClient(String base) {
        this(base, java.util.Optional.of(VitalsProcess.BOOTSTRAP_TOKEN), false);
    }

    private ApiClient(String base, java.util.Optional<String> token, boolean cookies) {
        this.base = base;
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (cookies) {
            b.cookieHandler(new java.net.CookieManager());
        }
        this.http = b.build();
    }

    /** A client that sends no credentials at all. */
    public static ApiClient anonymous(String base) {
        return new ApiClient(base, java.util.Optional.empty(), false);
    }

    /** A client that sends {@code Authorization: Bearer token}. */
    public static ApiClient withToken(String base, String token) {
        return new ApiClient(base, java.util.Optional.of(token), false);
    }

    /**
     * A browser-like client: keeps cookies and sends the CSRF token it got at sign-in. Call {@link
     * #signIn} first.
     */
    public static ApiClient browser(String base) {
        return new ApiClient(base, java.util.Optional.empty(), true);
    }

    /** Signs in with a password (and code); remembers the session cookie and CSRF token. */
    public Response signIn(String name, String password) {
        Response r = post("/api/v1/session", "{\"name\":" + quote(name) + ",\"password\":" + quote(password) + "}");
        if (r.status() == 200 && r.json() != null) {
            csrf = java.util.Optional.of(r.json().path("csrf_token").asText());
        }
        return r;
    }

    /** Forgets the CSRF token, to show what a forged cross-site request gets. */
    public void dropCsrf() {
        csrf = java.util.Optional.empty();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response: its status, content type and body (as JSON when it is JSON, else null). */
    public record Response(int status, String contentType, String text, JsonNode json) {}

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Polls {@code GET path} until {@code until} holds for the response, or fails after {@code timeout}. */
    public Response await(String path, Duration timeout, Predicate<Response> until) {
        long end = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < end) {
            try {
                last = get(path);
                if (until.test(last)) {
                    return last;
                }
            } catch (IllegalStateException e) {
                // not answering yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("GET " + path + " did not reach the expected state within " + timeout
                + "; last answer: " + (last == null ? "none" : last.status() + " " + last.text()));
    }

    /**
     * The stored flips of {@code monitor}, newest first, once the newest is to {@code to}: a flip is
     * stored a moment after the state changes, so a test that saw the state waits for its flip.
     */
    public JsonNode awaitNewestFlip(String monitor, String to, Duration timeout) {
        return await(
                        "/api/v1/flips?monitor=" + monitor,
                        timeout,
                        r -> to.equals(r.json().path("flips").path(0).path("to").asText()))
                .json()
                .path("flips");
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request) {
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        csrf.ifPresent(c -> request.header("X-CSRF-Token", c));
        try {
            HttpResponse<String> r =
                    http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (type.contains("json") && !r.body().isEmpty()) {
                json = JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), type, r.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException("request to Vitals failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.vitals.checks.http;

import dev.vitals.Version;
import dev.vitals.checks.Deadline;
import dev.vitals.monitors.HttpTarget;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One request of a check: the first, made from the target, or one that a redirect asked for. The
 * target's headers are sent as given, with a {@code User-Agent} naming Vitals and {@code Connection:
 * close} unless the target sets them. A body goes with POST, PUT and PATCH (empty if none is
 * configured), and with other methods that allow one when it is configured; its type is the
 * target's {@code Content-Type} header, or plain text.
 */
record Hop(HttpUrl url, String method, Headers headers, Optional<byte[]> body) {
    private static final Set<String> NEED_BODY = Set.of("POST", "PUT", "PATCH");
    private static final String USER_AGENT = "Vitals/" + Version.current();
    private static final MediaType DEFAULT_BODY_TYPE = MediaType.get("text/plain; charset=utf-8");

    static Hop first(HttpTarget t) {
        Headers.Builder h = new Headers.Builder();
        t.headers().forEach(h::add);
        if (h.get("User-Agent") == null) {
            h.add("User-Agent", USER_AGENT);
        }
        if (h.get("Connection") == null) {
            h.add("Connection", "close");
        }
        HttpUrl url = HttpUrl.get(t.url());
        return new Hop(url, t.method(), h.build(), t.body().map(b -> b.getBytes(StandardCharsets.UTF_8)));
    }

    /** As browsers do: 303, and 301/302 after a POST, become a GET; credentials stay on their host. */
    Hop follow(int status, HttpUrl next) {
        boolean toGet = !method.equals("HEAD") && (status == 303 || (status <= 302 && method.equals("POST")));
        Headers h = headers;
        if (!next.host().equals(url.host())) {
            h = h.newBuilder().removeAll("Authorization").removeAll("Cookie").build();
        }
        if (toGet) {
            h = h.newBuilder()
                    .removeAll("Content-Type")
                    .removeAll("Content-Length")
                    .build();
            return new Hop(next, "GET", h, Optional.empty());
        }
        return new Hop(next, method, h, body);
    }

    Request request(PhaseListener phases, Deadline deadline) {
        RequestBody requestBody = null;
        boolean allowsBody = !method.equals("GET") && !method.equals("HEAD");
        if (NEED_BODY.contains(method) || (allowsBody && body.isPresent())) {
            byte[] bytes = body.orElse(new byte[0]);
            String declared = headers.get("Content-Type");
            MediaType type = declared == null ? DEFAULT_BODY_TYPE : MediaType.parse(declared);
            requestBody = RequestBody.create(bytes, type, 0, bytes.length);
        }
        return new Request.Builder()
                .url(url)
                .headers(headers)
                .method(method, requestBody)
                .tag(PhaseListener.class, phases)
                .tag(Deadline.class, deadline)
                .build();
    }
}

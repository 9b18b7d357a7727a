package dev.vitals.api;

import dev.vitals.checks.Cidr;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Pings answered in Jetty, ahead of Javalin and the servlet layer: a job's ping is the one request
 * that comes thousands of times a second, and Javalin matched its path against every route's pattern
 * in turn, and made a servlet request, a context and their maps for it. That was a third of the CPU
 * and most of the garbage of a ping.
 *
 * <p>Only the well-formed ping takes this path: GET, POST or HEAD of {@code /ping/{uuid}} or {@code
 * /ping/{uuid}/{word or number}}, with an undeclared or acceptable body size. Everything else (odd
 * paths, encoded characters, other methods, a body declared too large) goes on to Javalin, whose
 * routes answer it as before, through the same {@link PingRoutes#take}. The answer carries the same
 * headers as Javalin's would.
 */
final class PingFastPath extends Handler.Wrapper {
    private static final String PREFIX = "/ping/";
    private static final HttpField PLAIN_TEXT = new HttpField(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    private static final HttpField ANY_ORIGIN = new HttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");

    private final PingRoutes pings;
    private final List<Cidr> trustedProxies;

    PingFastPath(PingRoutes pings, List<Cidr> trustedProxies) {
        this.pings = pings;
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (!(method.equals("GET") || method.equals("POST") || method.equals("HEAD"))
                || path == null
                || !path.startsWith(PREFIX)) {
            return super.handle(request, response, callback);
        }
        int slash = path.indexOf('/', PREFIX.length());
        String key = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
        Optional<String> action = slash < 0 ? Optional.empty() : Optional.of(path.substring(slash + 1));
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (!PingRoutes.isUuid(key)
                || !action.map(PingFastPath::plainWord).orElse(true)
                || declared > Params.MAX_BODY) {
            return super.handle(request, response, callback);
        }
        String rid = null;
        if (uri.getQuery() != null) {
            Fields query = Request.extractQueryParameters(request);
            rid = query.getValue("rid");
        }
        boolean body = declared > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        PingRoutes.Answer a = pings.take(
                key,
                action,
                rid,
                () -> body ? PingRoutes.read(Content.Source.asInputStream(request)) : PingRoutes.Body.NONE,
                () -> Client.of(
                                Request.getRemoteAddr(request),
                                request.isSecure(),
                                name -> request.getHeaders().get(name),
                                trustedProxies)
                        .address());
        response.setStatus(a.status());
        var headers = response.getHeaders();
        SecurityHeaders.each(request.isSecure(), headers::put);
        headers.put(ANY_ORIGIN);
        headers.put(PLAIN_TEXT);
        a.retryAfter().ifPresent(s -> headers.put(HttpHeader.RETRY_AFTER, s));
        byte[] bytes = a.text().getBytes(StandardCharsets.UTF_8);
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /** A path part that is a word or a number, and nothing a server might decode or normalise. */
    private static boolean plainWord(String s) {
        if (s.isEmpty() || s.length() > 16) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}

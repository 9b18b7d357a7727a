package dev.vitals.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty refuses before a request reaches Vitals (a malformed request line, a control
 * character in a header, headers too large) as problem details like every other error of the API,
 * instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    /** Every method gets a body: a request Jetty could not parse reaches here with none it knows. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        int code = status;
        if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            // What Jetty calls HTTP/0.9 is a request line broken by a stray character (a newline in
            // the target): the client's mistake, a 400, not the server's failing.
            code = HttpStatus.BAD_REQUEST_400;
            response.setStatus(code);
            message = "the request line is not valid HTTP/1.1: " + message;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", HttpStatus.getMessage(code));
        body.put("status", code);
        body.put("detail", detail(code, message, cause));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiServer.PROBLEM_JSON);
        response.write(true, ByteBuffer.wrap(Json.write(body).getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * Jetty's own words for what was wrong ("Illegal character CNTL=0x0"), never an exception's text:
     * that is no business of the client's.
     */
    private static String detail(int code, String message, Throwable cause) {
        return switch (cause) {
            case HttpException e when e.getReason() != null -> e.getReason();
            case null -> message != null ? message : HttpStatus.getMessage(code);
            default -> HttpStatus.getMessage(code);
        };
    }
}

package dev.vitals.testkit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as server-rendered pages care: a cookie jar, form posts, and redirects it can be
 * told to follow or not. It keeps every page it was given, so that a test can check what every page
 * promises (no inline script, a CSRF field in every form) after it is done.
 */
public final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final List<Page> seen = new ArrayList<>();

    public Browser(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** One answer: status, headers, body, and the address it answered. */
    public record Page(String path, int status, HttpHeaders headers, String body) {
        public Optional<String> location() {
            return headers.firstValue("Location");
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** The value of the first hidden {@code _csrf} field of the page. */
        public String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no _csrf field on " + path + ":\n" + body);
            }
            return m.group(1);
        }

        /** The {@code value} of the element with this id. */
        public String valueOf(String id) {
            Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*?value=\"([^\"]*)\"", Pattern.DOTALL)
                    .matcher(body);
            if (!m.find()) {
                throw new AssertionError("no element with id " + id + " and a value on " + path + ":\n" + body);
            }
            return m.group(1);
        }
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    /** Posts a form as a browser does ({@code application/x-www-form-urlencoded}); no redirect followed. */
    public Page post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                path);
    }

    /** Follows a 303 (or other redirect) as a browser would, with GET. */
    public Page follow(Page p) {
        Page at = p;
        for (int i = 0; i < 10 && at.status() / 100 == 3; i++) {
            at = get(at.location().orElseThrow(() -> new AssertionError("a redirect without Location")));
        }
        return at;
    }

    /** A form's fields in order, to write {@code form("name", "ada", "password", "...")}. */
    public static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Stores a cookie as if the server had set it, for {@code path} of this site. */
    public void setCookie(String name, String value, String path) {
        java.net.HttpCookie c = new java.net.HttpCookie(name, value);
        c.setPath(path);
        c.setVersion(0);
        c.setDomain(java.net.URI.create(base).getHost());
        cookies.getCookieStore().add(java.net.URI.create(base + path), c);
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    public List<Page> seen() {
        return List.copyOf(seen);
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    private Page send(HttpRequest.Builder b, String path) {
        try {
            HttpResponse<String> r =
                    http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            Page p = new Page(path, r.statusCode(), r.headers(), r.body());
            seen.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("request to " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package dev.vitals.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A push monitor's ping URL, such as {@code https://vitals.example/ping/<uuid>}, and the URLs
 * derived from it as healthchecks.io defines them: {@code <url>/start}, {@code <url>/<exit status>},
 * each with {@code rid=<run id>} added to whatever query the URL already has (a {@code create=1},
 * say), so that the server pairs the start and the end of one run when runs overlap.
 */
record PingUrl(String scheme, String authority, String path, Optional<String> query) {
    /** The URL as given, when it is an absolute http or https URL with a host. */
    static Optional<PingUrl> parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return Optional.of(new PingUrl(
                scheme,
                uri.getRawAuthority(),
                path,
                Optional.ofNullable(uri.getRawQuery()).filter(q -> !q.isEmpty())));
    }

    URI start(String rid) {
        return with("/start", rid);
    }

    URI exitStatus(int status, String rid) {
        return with("/" + status, rid);
    }

    /** The URL without its query, for messages: a query may carry something that is not for a log. */
    String shown() {
        return scheme + "://" + authority + path;
    }

    private URI with(String suffix, String rid) {
        String q = query.map(s -> s + "&").orElse("") + "rid=" + rid;
        // Built from the raw parts, so an escape already in the URL is sent as it was written.
        return URI.create(scheme + "://" + authority + path + suffix + "?" + q);
    }
}

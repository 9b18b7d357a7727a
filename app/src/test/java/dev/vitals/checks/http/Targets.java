package dev.vitals.checks.http;

import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.Regex;
import dev.vitals.monitors.StatusRange;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds {@link HttpTarget}s for tests with the defaults the YAML reader would give. */
final class Targets {
    private final URI url;
    private String method = "GET";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Optional<String> body = Optional.empty();
    private int maxRedirects = HttpTarget.DEFAULT_MAX_REDIRECTS;
    private boolean verify = true;
    private Optional<Path> caFile = Optional.empty();
    private long maxBody = HttpTarget.DEFAULT_MAX_BODY;
    private HttpTarget.Expect expect = expect().build();
    private HttpTarget.Expect warn = HttpTarget.Expect.NONE;

    private Targets(URI url) {
        this.url = url;
    }

    static Targets get(URI url) {
        return new Targets(url);
    }

    Targets method(String m) {
        this.method = m;
        return this;
    }

    Targets header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Targets body(String b) {
        this.body = Optional.of(b);
        return this;
    }

    Targets maxRedirects(int n) {
        this.maxRedirects = n;
        return this;
    }

    Targets verify(boolean v) {
        this.verify = v;
        return this;
    }

    Targets caFile(Path p) {
        this.caFile = Optional.of(p);
        return this;
    }

    Targets maxBody(long bytes) {
        this.maxBody = bytes;
        return this;
    }

    Targets expect(Expects e) {
        this.expect = e.build();
        return this;
    }

    Targets warn(Expects e) {
        this.warn = e.build();
        return this;
    }

    HttpTarget build() {
        return new HttpTarget(url, method, headers, body, maxRedirects, verify, caFile, maxBody, expect, warn);
    }

    /** An expect block starting from the reader's default (status 200-399). */
    static Expects expect() {
        return new Expects(new ArrayList<>(HttpTarget.DEFAULT_STATUS));
    }

    /** A warn block, which asserts nothing by default. */
    static Expects warnings() {
        return new Expects(new ArrayList<>());
    }

    static final class Expects {
        private final List<StatusRange> status;
        private Optional<String> contains = Optional.empty();
        private Optional<String> notContains = Optional.empty();
        private Optional<Regex> matches = Optional.empty();
        private final Map<String, String> json = new LinkedHashMap<>();
        private OptionalInt certDays = OptionalInt.empty();

        private Expects(List<StatusRange> status) {
            this.status = status;
        }

        Expects status(int... codes) {
            status.clear();
            for (int c : codes) {
                status.add(new StatusRange(c, c));
            }
            return this;
        }

        Expects bodyContains(String s) {
            contains = Optional.of(s);
            return this;
        }

        Expects bodyNotContains(String s) {
            notContains = Optional.of(s);
            return this;
        }

        Expects bodyMatches(String regex) {
            matches = Optional.of(Regex.of(regex));
            return this;
        }

        Expects json(String path, String value) {
            json.put(path, value);
            return this;
        }

        Expects certDaysLeftAtLeast(int days) {
            certDays = OptionalInt.of(days);
            return this;
        }

        HttpTarget.Expect build() {
            return new HttpTarget.Expect(status, contains, notContains, matches, json, certDays);
        }
    }
}

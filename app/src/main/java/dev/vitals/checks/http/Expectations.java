package dev.vitals.checks.http;

import dev.vitals.checks.Deadline;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.Regex;
import dev.vitals.monitors.StatusRange;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges an {@link Answer} against one {@code expect} or {@code warn} block and says what failed
 * first, in the words of the brief: what was expected and what was found. Certificate days are
 * counted on the injected clock, so that tests can move time.
 */
final class Expectations {
    private final InstantSource clock;

    Expectations(InstantSource clock) {
        this.clock = clock;
    }

    Optional<String> firstFailure(HttpTarget.Expect e, Answer a, Deadline deadline) {
        if (!e.status().isEmpty() && e.status().stream().noneMatch(r -> r.contains(a.status()))) {
            String wanted = e.status().stream().map(StatusRange::toString).collect(Collectors.joining(" or "));
            return Optional.of("expected status " + wanted + ", got " + a.status());
        }
        if (e.bodyContains().isPresent() && !a.text().contains(e.bodyContains().get())) {
            return Optional.of("body does not contain " + quote(e.bodyContains().get()) + a.truncationNote());
        }
        if (e.bodyNotContains().isPresent()
                && a.text().contains(e.bodyNotContains().get())) {
            return Optional.of("body contains " + quote(e.bodyNotContains().get()));
        }
        if (e.bodyMatches().isPresent()) {
            Optional<String> r = matches(e.bodyMatches().get(), a, deadline);
            if (r.isPresent()) {
                return r;
            }
        }
        if (!e.json().isEmpty()) {
            Optional<String> r = json(e.json(), a);
            if (r.isPresent()) {
                return r;
            }
        }
        if (e.certDaysLeftAtLeast().isPresent()) {
            return certificate(e.certDaysLeftAtLeast().getAsInt(), a);
        }
        return Optional.empty();
    }

    private static Optional<String> matches(Regex regex, Answer a, Deadline deadline) {
        try {
            if (!regex.find(new GuardedText(a.text(), deadline))) {
                return Optional.of("body does not match /" + regex + "/" + a.truncationNote());
            }
            return Optional.empty();
        } catch (GuardedText.OutOfTime | StackOverflowError e) {
            return Optional.of("gave up matching /" + regex + "/ against the body: too costly for the time left");
        }
    }

    private static Optional<String> json(Map<String, String> expected, Answer a) {
        var root = a.json();
        if (root.isEmpty()) {
            return Optional.of("body is not JSON" + a.truncationNote());
        }
        for (Map.Entry<String, String> want : expected.entrySet()) {
            JsonPath path;
            try {
                path = JsonPath.parse(want.getKey());
            } catch (IllegalArgumentException ex) {
                return Optional.of("json path " + want.getKey() + " is not valid: " + ex.getMessage());
            }
            var found = path.find(root.get());
            if (found.isEmpty()) {
                return Optional.of("json " + path + " not found");
            }
            String text = JsonPath.text(found.get());
            if (!text.equals(want.getValue())) {
                return Optional.of("json " + path + " is " + quote(text) + ", expected " + quote(want.getValue()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> certificate(int atLeast, Answer a) {
        if (a.certificateExpiry().isEmpty()) {
            return Optional.of("no certificate to check: the response did not come over HTTPS");
        }
        Instant notAfter = a.certificateExpiry().get();
        Instant now = clock.instant();
        if (!notAfter.isAfter(now)) {
            return Optional.of("certificate expired on " + ExplainingTrustManager.DAY.format(notAfter));
        }
        long days = Duration.between(now, notAfter).toDays();
        if (days < atLeast) {
            return Optional.of("certificate expires in " + days + (days == 1 ? " day" : " days") + " (at least "
                    + atLeast + " wanted)");
        }
        return Optional.empty();
    }

    private static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }
}

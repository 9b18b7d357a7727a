package dev.vitals.web;

import dev.vitals.accounts.Role;
import dev.vitals.api.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Words and times as pages show them. Times are UTC, written out, so that nobody has to guess a zone. */
final class Format {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    /** To the second, for the audit log. */
    static String exact(Instant t) {
        return SECONDS.format(t);
    }

    /** Words that may start in lower case ("only admins can do this") as a sentence. */
    static String sentence(String words) {
        if (words.isEmpty()) {
            return words;
        }
        String s = Character.toUpperCase(words.charAt(0)) + words.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }

    /** {@code s} in blocks of {@code size} with a space between, as a key is easiest to type: "ABCD EFGH IJ". */
    static String groups(String s, int size) {
        StringBuilder b = new StringBuilder(s.length() + s.length() / size);
        for (int i = 0; i < s.length(); i += size) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(s, i, Math.min(s.length(), i + size));
        }
        return b.toString();
    }

    /** The first {@code max} characters of {@code s}, never splitting a character outside the BMP in two. */
    static String cut(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String time(Optional<Instant> t, String none) {
        return t.map(Format::time).orElse(none);
    }

    static String list(Collection<String> items, String none) {
        return items.isEmpty() ? none : String.join(", ", items);
    }

    static String meaning(Role r) {
        return switch (r) {
            case VIEWER -> "reads everything, changes nothing";
            case RESPONDER -> "also acknowledges, silences, posts updates and edits the monitors of their teams";
            case ADMIN -> "everything, including users, teams and the audit log";
        };
    }

    /** An audit entry's detail on one line: {@code role: {"from":"viewer","to":"admin"}, teams: []}. */
    static String detail(Map<String, Object> detail) {
        return detail.entrySet().stream()
                .map(e -> e.getKey() + ": " + (e.getValue() instanceof String s ? s : Json.write(e.getValue())))
                .collect(Collectors.joining(", "));
    }
}

package dev.vitals.checks.db;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text from a server or a driver fit to be a reason: one line, at most {@value #MAX}
 * characters, and with every secret cut out. Drivers echo URLs and servers echo commands, so any
 * message may carry the password; it is removed by value and by the shape {@code password=...}.
 */
final class Reasons {
    static final int MAX = 300;
    private static final int VALUE_MAX = 80;
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)\\b(password|pwd)=[^&;,)\\s]*");

    private Reasons() {}

    static String clean(String text, Collection<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "******");
            }
        }
        out = PASSWORD_PARAMETER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=******"));
        return truncate(oneLine(out), MAX);
    }

    /** A value found or expected, quoted, for "expected value "1", got "0"". */
    static String quote(String value) {
        return "\"" + truncate(value.replace("\r", "\\r").replace("\n", "\\n"), VALUE_MAX) + "\"";
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}

package dev.vitals.checks.net;

/**
 * Quotes text a server sent for a reason a person reads: short, on one line, with control
 * characters written as escapes, so that a banner with a stray {@code \r} or a binary reply does not
 * break a log line or an alert.
 */
final class Quote {
    static final int MAX = 80;

    private Quote() {}

    static String of(String text) {
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown == MAX) {
                return out.append("…\"").toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
            shown++;
        }
        return out.append('"').toString();
    }
}

package dev.vitals.notify.email;

/** HTML escaping for the email body: every value from an alert goes through it, in text or attribute. */
final class Html {
    private Html() {}

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A link's target, or nothing: only http and https are linked, so that a sender's {@code
     * javascript:} link cannot run in a mail client that would follow it.
     */
    static boolean linkable(String url) {
        String u = url.strip().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }
}

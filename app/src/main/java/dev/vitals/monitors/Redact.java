package dev.vitals.monitors;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets that live inside ordinary values when a monitor is shown through the API: a
 * password in a JDBC URL, a bearer token in an HTTP header. The stored definition keeps them; only
 * what is shown is masked.
 */
final class Redact {
    static final String MASK = "******";
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "(?i)([?&;](?:password|pwd|sslpassword|passwd|token|access_token|api_key|apikey|key|secret|signature|sig)=)[^&;#]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+:)[^/@]*@");

    private Redact() {}

    static String url(String url) {
        String out = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
    }

    static boolean sensitiveHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("authorization")
                || n.equals("proxy-authorization")
                || n.equals("cookie")
                || n.contains("token")
                || n.contains("secret")
                || n.contains("password")
                || n.contains("api-key")
                || n.contains("apikey");
    }

    static Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, sensitiveHeader(k) ? MASK : v));
        return out;
    }
}

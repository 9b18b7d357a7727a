package dev.vitals.checks.net;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a certificate is valid for a host name, the way browsers decide (RFC 6125): only the
 * subject alternative names count, DNS names compare without case and final dot, a wildcard is a
 * whole leftmost label that stands for exactly one label ({@code *.example.org} matches {@code
 * www.example.org}, not {@code example.org} nor {@code a.b.example.org}), and an IP address must be
 * an IP entry. The common name is not used: browsers stopped reading it in 2017, so a certificate
 * that has only a CN is broken for them even when Java clients still accept it. Written here
 * rather than borrowed from the JDK because its checker sits in {@code sun.security.util}.
 */
final class HostnameMatch {
    private static final int DNS = 2;
    private static final int IP = 7;

    private HostnameMatch() {}

    static boolean matches(X509Certificate cert, String host) {
        String name = normalise(host);
        boolean ip = isAddressLiteral(name);
        for (List<?> san : alternativeNames(cert)) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (ip && type == IP && sameAddress(name, value)) {
                return true;
            }
            if (!ip && type == DNS && dnsMatches(normalise(value), name)) {
                return true;
            }
        }
        return false;
    }

    /** The DNS and IP names the certificate is for, for messages. */
    static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        for (List<?> san : alternativeNames(cert)) {
            int type = (Integer) san.get(0);
            if (type == DNS || type == IP) {
                out.add(String.valueOf(san.get(1)));
            }
        }
        return out;
    }

    static boolean dnsMatches(String pattern, String name) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(name);
        }
        String suffix = pattern.substring(1); // ".example.org"
        // "*.org" would cover a whole top-level domain; no public CA issues it and no browser accepts it.
        if (suffix.indexOf('.', 1) < 0) {
            return false;
        }
        int firstDot = name.indexOf('.');
        return firstDot > 0 && name.substring(firstDot).equals(suffix);
    }

    private static String normalise(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!h.startsWith("*.") && !isAddressLiteral(h)) {
            try {
                h = IDN.toASCII(h);
            } catch (IllegalArgumentException e) {
                // Not a valid IDN: compare as written; it will simply not match.
            }
        }
        return h.toLowerCase(Locale.ROOT);
    }

    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0
                || (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')));
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals, so no lookup happens; comparing addresses makes "::1" equal "0:0:0:0:0:0:0:1".
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Collection<List<?>> alternativeNames(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            return names == null ? List.of() : names;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}

package dev.vitals.checks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network written as {@code ADDRESS/PREFIX} (or one address), IPv4 or IPv6.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:169.254.169.254}) are the IPv4 address they carry:
 * a socket connected to one reaches that IPv4 host, so a network of either spelling contains both.
 * IPv4 is read only in its four-part dotted form: the JDK would read {@code 10/8} as {@code
 * 0.0.0.10/8}, a deny list entry that silently denies nothing its author meant.
 */
public final class Cidr {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final int MAPPED_PREFIX = 96;

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network.clone();
        this.prefix = prefix;
        this.text = text;
    }

    /** How many leading bits of an address of this network's family must match. */
    public int prefix() {
        return prefix;
    }

    public static Optional<Cidr> parse(String s) {
        String t = s.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        boolean v6 = addr.indexOf(':') >= 0;
        if (v6 ? addr.indexOf('%') >= 0 || addr.indexOf('[') >= 0 : !isDottedQuad(addr)) {
            return Optional.empty(); // and so getByName below only ever parses, never looks up
        }
        try {
            byte[] bytes = InetAddress.getByName(addr).getAddress();
            // The JDK reads "::ffff:a.b.c.d" as the IPv4 address; its prefix still counts 128 bits.
            boolean mapped = v6 && bytes.length == 4;
            int max = mapped ? 128 : bytes.length * 8;
            int prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
            if (prefix < (mapped ? MAPPED_PREFIX : 0) || prefix > max) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(bytes, mapped ? prefix - MAPPED_PREFIX : prefix, t));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isDottedQuad(String s) {
        Matcher m = DOTTED_QUAD.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a} lies in this network; an IPv4-mapped IPv6 address counts as its IPv4 address. */
    public boolean contains(InetAddress a) {
        byte[] b = plain(a).getAddress();
        if (b.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (b[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (b[full] & mask) == (network[full] & mask);
    }

    /**
     * The IPv4 address an IPv4-mapped IPv6 address carries, else {@code a}. The JDK turns such
     * literals and lookups into IPv4 addresses itself, but {@link Inet6Address#getByAddress} keeps
     * them as IPv6, and a socket connects to either.
     */
    static InetAddress plain(InetAddress a) {
        byte[] b = a.getAddress();
        if (!(a instanceof Inet6Address) || b.length != 16 || b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
            return a;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return a;
            }
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.vitals.checks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** A network written as {@code ADDRESS/PREFIX} (or one address), IPv4 or IPv6. */
public record Cidr(byte[] network, int prefix, String text) {
    public static Optional<Cidr> parse(String s) {
        String t = s.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (addr.isEmpty() || !Connector.isLiteral(addr)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(addr).getAddress();
            int max = bytes.length * 8;
            int prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
            if (prefix < 0 || prefix > max) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(bytes, prefix, t));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code a} lies in this network; an IPv4-mapped IPv6 address counts as its IPv4 address. */
    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
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

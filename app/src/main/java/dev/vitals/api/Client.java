package dev.vitals.api;

import dev.vitals.checks.Cidr;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where a request comes from, for throttling, the audit log and the Secure flag of cookies. Behind
 * a reverse proxy every request comes from the proxy: only when it is one of {@code
 * security.trusted_proxies} are its X-Forwarded-For and X-Forwarded-Proto headers believed (anyone
 * else could write them). The client is the last address in X-Forwarded-For that is not a trusted
 * proxy itself.
 */
public record Client(String address, boolean secure) {
    static final String ATTRIBUTE = "vitals.client";

    static Client of(Context ctx, List<Cidr> trustedProxies) {
        return of(ctx.req().getRemoteAddr(), "https".equals(ctx.scheme()), ctx::header, trustedProxies);
    }

    /** The same for a request read without Javalin: {@code header} gives a request header, or null. */
    static Client of(
            String remote, boolean tls, java.util.function.UnaryOperator<String> header, List<Cidr> trustedProxies) {
        if (trustedProxies.isEmpty() || !trusted(remote, trustedProxies)) {
            return new Client(remote, tls);
        }
        String address = remote;
        String forwarded = header.apply("X-Forwarded-For");
        if (forwarded != null) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (hop.isEmpty() || !isAddress(hop)) {
                    break;
                }
                address = hop;
                if (!trusted(hop, trustedProxies)) {
                    break;
                }
            }
        }
        String proto = header.apply("X-Forwarded-Proto");
        return new Client(address, proto == null ? tls : proto.strip().equalsIgnoreCase("https"));
    }

    /** The client of this request, as worked out before its handler ran. */
    public static Client of(Context ctx) {
        Client c = ctx.attribute(ATTRIBUTE);
        return c != null ? c : new Client(ctx.req().getRemoteAddr(), "https".equals(ctx.scheme()));
    }

    private static boolean isAddress(String s) {
        return s.length() <= 45 && s.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':');
    }

    private static boolean trusted(String address, List<Cidr> proxies) {
        if (!isAddress(address)) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(address); // a literal: no lookup
            return proxies.stream().anyMatch(c -> c.contains(a));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

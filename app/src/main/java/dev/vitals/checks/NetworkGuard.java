package dev.vitals.checks;

import dev.vitals.checks.db.SqlHosts;
import dev.vitals.monitors.DnsTarget;
import dev.vitals.monitors.HostPort;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.PushTarget;
import dev.vitals.monitors.RedisTarget;
import dev.vitals.monitors.SqlTarget;
import dev.vitals.monitors.Target;
import dev.vitals.monitors.TcpTarget;
import dev.vitals.monitors.TlsTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The networks a check may not reach: Vitals makes requests wherever a monitor says, so a person
 * allowed to write monitors but not trusted with the network (anyone but an admin) could otherwise
 * use it to read a cloud metadata endpoint or scan the inside of the network. {@link CheckRunner}
 * hands this guard to the checkers for restricted monitors and {@link #NONE} for the others.
 *
 * <p>The guard judges the address a connection is actually made to, after DNS, at the moment of
 * connecting: a name is only a pointer, and one that resolves (or, by DNS rebinding, later resolves)
 * to a denied address is caught there, as is an IP literal or a redirect that never met DNS. Every
 * checker consults it right before its socket connects; {@link #refusal(Target)} only answers early
 * for what is certain from the target alone.
 *
 * <p>The guard travels as a parameter of {@link Checker#check}, not as a thread-local set around the
 * probe: a checker's signature then shows that it must apply it, and the SQL checker, which works on
 * a thread of its own, cannot lose it on the way. The one place that cannot take a parameter, the
 * socket factory OkHttp calls, reads it from the HTTP checker's own per-call state (see {@code
 * HttpChecker}).
 */
public final class NetworkGuard {
    /** Where the deny list comes from, named in every refusal so that people know what to change. */
    static final String SETTING = "security.deny_networks";

    /** Allows every address: the guard of monitors that admins wrote. */
    public static final NetworkGuard NONE = new NetworkGuard(List.of());

    private final List<Cidr> denied;

    private NetworkGuard(List<Cidr> denied) {
        this.denied = List.copyOf(denied);
    }

    /** A guard that refuses every address in {@code networks}. */
    public static NetworkGuard denying(List<Cidr> networks) {
        return networks.isEmpty() ? NONE : new NetworkGuard(networks);
    }

    public boolean allowsAll() {
        return denied.isEmpty();
    }

    public List<Cidr> denied() {
        return denied;
    }

    /**
     * A connection to an address the guard refuses. It is an {@link IOException} because it is
     * thrown where a socket would connect, and travels out of the same calls as a refused connection.
     */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason);
        }
    }

    /** Why {@code address} may not be reached, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        for (Cidr c : denied) {
            if (c.contains(address)) {
                return Optional.of(
                        named(address) + " is in a network checks may not reach (" + c + ", " + SETTING + ")");
            }
        }
        return Optional.empty();
    }

    /** Throws {@link Refused} when {@code address} may not be reached; call it right before connecting. */
    public void check(InetAddress address) throws Refused {
        Optional<String> refusal = refusal(address);
        if (refusal.isPresent()) {
            throw new Refused(refusal.get());
        }
    }

    /**
     * As {@link #check(InetAddress)}, for the address a socket is asked to connect to. An address
     * that was never resolved would be resolved by the socket itself, out of the guard's sight, so it
     * is refused.
     */
    public void check(InetSocketAddress address) throws Refused {
        if (allowsAll()) {
            return;
        }
        if (address.isUnresolved()) {
            throw new Refused("Vitals connects only to looked-up addresses here, and " + address.getHostString()
                    + " was not looked up (" + SETTING + " applies to this monitor)");
        }
        check(address.getAddress());
    }

    /**
     * Why {@code target} would be refused whatever DNS says: a host written as an IP address in a
     * denied network, or (for SQL) a URL that connects in a way the guard cannot watch. Empty says
     * only that nothing is certain yet; the checks still judge every address they connect to.
     */
    public Optional<String> refusal(Target target) {
        if (allowsAll()) {
            return Optional.empty();
        }
        return switch (target) {
            case HttpTarget t -> literalRefusal(bare(t.url().getHost()));
            case TcpTarget t -> literalRefusal(t.host());
            case TlsTarget t -> literalRefusal(t.host());
            case RedisTarget t -> literalRefusal(t.host());
            case DnsTarget t -> t.server().map(HostPort::host).flatMap(this::literalRefusal);
            case SqlTarget t -> sqlRefusal(t);
            case PushTarget t -> Optional.empty(); // connects nowhere
        };
    }

    private Optional<String> sqlRefusal(SqlTarget t) {
        SqlHosts hosts = SqlHosts.of(t);
        if (hosts.unwatchable().isPresent()) {
            return hosts.unwatchable();
        }
        return hosts.hosts().stream()
                .map(HostPort::host)
                .map(this::literalRefusal)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private Optional<String> literalRefusal(String host) {
        if (host == null || host.isEmpty() || !Connector.isLiteral(host)) {
            return Optional.empty();
        }
        try {
            return refusal(InetAddress.getByName(host)); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return Optional.empty(); // not an address after all; the check will say what it is
        }
    }

    private static String bare(String host) {
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * "localhost (127.0.0.1)" for an address found by name, "127.0.0.1" for a literal, and an
     * IPv4-mapped address as the IPv4 address it reaches. The name is read from {@link
     * InetAddress#toString()}, which gives it without a reverse lookup.
     */
    private static String named(InetAddress a) {
        String shown = a.toString();
        int slash = shown.indexOf('/');
        String literal = Cidr.plain(a).getHostAddress();
        String name = slash > 0 ? shown.substring(0, slash) : "";
        return name.isEmpty() || name.equals(literal) ? literal : name + " (" + literal + ")";
    }

    @Override
    public String toString() {
        return allowsAll() ? "no networks denied" : "denying " + denied;
    }
}

package dev.vitals.checks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens a TCP connection for a check, timing the DNS lookup and the connect apart. An IP address
 * literal skips DNS (and records no DNS phase). Only the first address of a name is tried: a check
 * measures what a client would see first, and trying every address would hide a dead one.
 */
public final class Connector {
    private Connector() {}

    /**
     * Connects to the first address of {@code host}, once {@code guard} has allowed it; the address
     * judged is the one connected to, so a name cannot change its answer in between.
     */
    public static Socket connect(String host, int port, Deadline deadline, Timings.Builder timings, NetworkGuard guard)
            throws IOException {
        InetAddress address = resolve(host, deadline, timings);
        guard.check(address);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            timings.start(Phase.CONNECT);
            socket.connect(new InetSocketAddress(address, port), deadline.remainingMillis());
            timings.end(Phase.CONNECT);
            socket.setSoTimeout(deadline.remainingMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public static InetAddress resolve(String host, Deadline deadline, Timings.Builder timings) throws IOException {
        if (isLiteral(host)) {
            return InetAddress.getByName(host); // parses the literal; no lookup
        }
        timings.start(Phase.DNS);
        InetAddress a = Resolver.lookup(host, deadline)[0];
        timings.end(Phase.DNS);
        return a;
    }

    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}

package dev.vitals.checks;

import dev.vitals.config.Durations;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns network exceptions into reasons a person can read at 3 a.m.: "connection refused by
 * 10.0.0.5:443", not {@code java.net.ConnectException}. {@code step} says what was being done, such
 * as "connecting" or "reading the response".
 */
public final class Failures {
    private Failures() {}

    /** The exception's own message, or its simple class name when it has none; never "null". */
    public static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public static String describe(Throwable e, String step, Deadline deadline) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        return switch (e) {
            // The guard's reason is already in words, and names the setting that refused.
            case NetworkGuard.Refused r -> message;
            // The JDK says "name: Name or service not known"; the resolver's words add nothing.
            // The watchdog closed the connection at the deadline; whatever broke, time ran out.
            case SocketException s
            when deadline.expired() -> "timed out after " + Durations.human(deadline.elapsed()) + " while " + step;
            case SSLException s
            when deadline.expired() -> "timed out after " + Durations.human(deadline.elapsed()) + " while " + step;
            case Resolver.LookupTimedOut t ->
                "timed out after " + Durations.human(deadline.elapsed()) + " looking up the host in DNS";
            case UnknownHostException u ->
                "host " + (message.isEmpty() ? "" : message.replaceFirst(":.*$", "") + " ") + "not found in DNS";
            case SocketTimeoutException t ->
                "timed out after " + Durations.human(deadline.elapsed()) + " while " + step;
            case InterruptedIOException t
            when deadline.expired() -> "timed out after " + Durations.human(deadline.elapsed()) + " while " + step;
            case ConnectException c when lower.contains("refused") -> "connection refused while " + step;
            case ConnectException c
            when lower.contains("timed out") ->
                "timed out after " + Durations.human(deadline.elapsed()) + " while " + step;
            case NoRouteToHostException n -> "no route to host while " + step;
            case PortUnreachableException p -> "port unreachable while " + step;
            case SSLHandshakeException h -> "TLS handshake failed: " + tlsReason(e);
            case SSLException s -> "TLS error while " + step + ": " + tlsReason(e);
            case EOFException eof -> "connection closed by the server while " + step;
            case SocketException s when lower.contains("reset") -> "connection reset by the server while " + step;
            case SocketException s when lower.contains("closed") -> "connection closed while " + step;
            default -> step + " failed: " + (message.isEmpty() ? e.getClass().getSimpleName() : message);
        };
    }

    /** The innermost cause of a TLS failure, which is where the certificate problem is named. */
    private static String tlsReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (m.contains("PKIX path building failed") || m.contains("unable to find valid certification path")) {
            return "certificate not trusted (no chain to a trusted root)";
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "certificate not valid for this host name (" + m + ")";
        }
        return m;
    }
}

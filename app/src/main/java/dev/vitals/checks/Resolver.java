package dev.vitals.checks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks host names up within a check's deadline. The JDK's lookup cannot be interrupted and waits
 * for the system resolver's own retries (often 5 s and more per server), so a dead resolver would
 * hold every check of a named host past its timeout. Lookups run on a small pool of their own; the
 * check waits only for the time it has left and is then reported as timed out, while the lookup
 * finishes in the background.
 */
public final class Resolver {
    /**
     * A thread per lookup in progress (threads are reused and die after 30 s idle): a fixed pool
     * would let a few lookups stuck on one broken domain hold up every other host's.
     */
    private static final ThreadPoolExecutor LOOKUPS = new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new java.util.concurrent.SynchronousQueue<>(),
            Thread.ofPlatform().name("vitals-dns-", 0).daemon(true).factory());

    /** One lookup per host at a time: a hundred checks of a host with a dead resolver wait on one. */
    private static final java.util.concurrent.ConcurrentMap<String, Future<InetAddress[]>> IN_FLIGHT =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Resolver() {}

    /**
     * A lookup that did not finish in the time the check had. It is an {@link UnknownHostException}
     * because that is what HTTP clients let a DNS lookup throw.
     */
    public static final class LookupTimedOut extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        LookupTimedOut(String host) {
            super("looking up " + host + " in DNS took longer than the time left");
        }
    }

    /** All addresses of {@code host}, or an exception that says it was not found or took too long. */
    public static InetAddress[] lookup(String host, Deadline deadline) throws UnknownHostException {
        if (Connector.isLiteral(host)) {
            return new InetAddress[] {InetAddress.getByName(host)}; // an address: nothing to look up
        }
        return lookup(host, deadline, InetAddress::getAllByName);
    }

    /** How a name is looked up; the JDK's in use, a slow one in tests. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] lookup(String host) throws Exception;
    }

    static InetAddress[] lookup(String host, Deadline deadline, Lookup how) throws UnknownHostException {
        Future<InetAddress[]> f = IN_FLIGHT.computeIfAbsent(host, h -> LOOKUPS.submit(() -> how.lookup(h)));
        try {
            InetAddress[] found = f.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
            IN_FLIGHT.remove(host, f); // done: the next check looks up afresh
            return found;
        } catch (TimeoutException e) {
            throw new LookupTimedOut(host);
        } catch (ExecutionException e) {
            IN_FLIGHT.remove(host, f);
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            UnknownHostException u = new UnknownHostException(host);
            u.initCause(e.getCause());
            throw u;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupTimedOut(host);
        }
    }
}

package dev.vitals.checks;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection when its check's time is up. A socket timeout bounds each read, not a whole
 * exchange: a server that sends a byte just before every read would time out keeps a TLS handshake or
 * a banner going for many times the check's timeout. Closing the socket at the deadline ends any
 * blocked read or handshake at once.
 */
public final class Watchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("vitals-check-watchdog").daemon(true).unstarted(r));

    private static final java.time.Duration GRACE = java.time.Duration.ofMillis(100);

    private Watchdog() {}

    /** A guard to close when the exchange is over; until then {@code connection} is closed at the deadline. */
    /** Ends the watch when the exchange is over. */
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    public static Guard guard(Closeable connection, Deadline deadline) {
        ScheduledFuture<?> f = TIMER.schedule(
                () -> {
                    try {
                        connection.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                },
                // A little after the deadline, so that a read timeout, which words the failure
                // better, has its chance first; this catches what read timeouts cannot.
                deadline.remaining().plus(GRACE).toNanos(),
                TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}

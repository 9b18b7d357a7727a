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
                Math.max(1, deadline.remaining().toNanos()),
                TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}

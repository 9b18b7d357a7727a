package dev.vitals.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/** Fixtures of the notification tests. */
final class Notifications {
    private Notifications() {}

    /** The standard backoff without jitter, so that tests can name the due times. */
    static Backoff steadyBackoff() {
        Backoff b = Backoff.standard();
        return new Backoff(b.first(), b.cap(), 0, b.maxRetryAfter(), b.giveUpAfter(), RandomGenerator.getDefault());
    }

    static NewNotification firing(String alertKey, String receiver, Instant due) {
        String payload = "{\"alert\":\"" + alertKey + "\",\"status\":\"firing\"}";
        return new NewNotification(
                alertKey + "/firing/" + due.toEpochMilli(), receiver, "webhook", alertKey, Event.FIRING, payload, due);
    }

    /** Polls {@code condition} until it holds; fails after {@code limit}. */
    static void await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(10);
        }
    }
}

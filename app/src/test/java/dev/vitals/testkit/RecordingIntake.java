package dev.vitals.testkit;

import dev.vitals.alerting.Intake;
import dev.vitals.alerting.inbound.ExternalAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link Intake} that only remembers what it was handed, in order: for tests of the routes that
 * take alerts in, whose business ends at the intake. The real pipeline has its own tests.
 */
public final class RecordingIntake implements Intake {
    /** One call, as the intake received it. */
    public sealed interface Call {
        String source();

        record Received(String source, List<ExternalAlert> alerts) implements Call {}

        record Triggered(String source, String dedupKey, ExternalAlert alert) implements Call {}

        record Resolved(String source, String dedupKey) implements Call {}
    }

    private final List<Call> calls = new ArrayList<>();

    @Override
    public synchronized void receive(String source, List<ExternalAlert> alerts) {
        calls.add(new Call.Received(source, List.copyOf(alerts)));
        notifyAll();
    }

    @Override
    public synchronized void trigger(String source, String dedupKey, ExternalAlert alert) {
        calls.add(new Call.Triggered(source, dedupKey, alert));
        notifyAll();
    }

    @Override
    public synchronized void resolve(String source, String dedupKey) {
        calls.add(new Call.Resolved(source, dedupKey));
        notifyAll();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clear() {
        calls.clear();
    }

    /**
     * The first call, waiting up to {@code timeout} of real time for one: for a sender in another
     * process (a real Alertmanager) that posts when it is ready, not when the test says so.
     */
    public synchronized Optional<Call> awaitFirst(Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (calls.isEmpty()) {
            long left = Duration.between(Instant.now(), until).toMillis();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left);
        }
        return Optional.of(calls.get(0));
    }
}

package dev.vitals.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a checker observed: its verdict, the total time from the first byte sent to the last byte
 * judged, the phase timings, and the expiry of the certificate the server presented, if any.
 */
public record Probe(Verdict verdict, Duration latency, Timings timings, Optional<Instant> certificateExpiry) {
    public static Probe passed(Duration latency, Timings timings) {
        return new Probe(Verdict.PASSED, latency, timings, Optional.empty());
    }

    public static Probe failed(String reason, Duration latency, Timings timings) {
        return new Probe(new Verdict.Failed(reason), latency, timings, Optional.empty());
    }

    public Probe withCertificateExpiry(Instant notAfter) {
        return new Probe(verdict, latency, timings, Optional.of(notAfter));
    }
}

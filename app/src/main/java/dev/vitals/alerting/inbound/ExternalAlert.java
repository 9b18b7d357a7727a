package dev.vitals.alerting.inbound;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An alert sent by another system: its labels (which identify it), its annotations (words for
 * people), whether it fires or is resolved, and when it started and ended as the sender says.
 */
public record ExternalAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Status status,
        Optional<Instant> startsAt,
        Optional<Instant> endsAt,
        Optional<String> link) {
    public enum Status {
        FIRING,
        RESOLVED
    }

    public ExternalAlert {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }
}

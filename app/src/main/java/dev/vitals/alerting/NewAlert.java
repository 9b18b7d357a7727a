package dev.vitals.alerting;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An alert that fires, as a source gives it to the pipeline.
 *
 * @param expiresAt when it resolves by itself unless sent again (Alertmanager's senders re-post)
 */
public record NewAlert(
        AlertKey key,
        String source,
        Optional<String> monitorId,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Optional<Instant> expiresAt,
        Optional<String> link) {
    public NewAlert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}

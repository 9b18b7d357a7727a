package dev.vitals.alerting;

import dev.vitals.alerting.inbound.ExternalAlert;
import java.util.List;

/**
 * Where alerts from other systems enter the pipeline. Every call is durable when it returns: the
 * alerts are rows, and what follows (grouping, muting, routing, notifying) works from those rows.
 *
 * <p>{@code source} is the integration's name. An alert is known by its source and labels ({@link
 * AlertKey}), or, for PagerDuty-style events, by its source and dedup key.
 */
public interface Intake {
    /**
     * Alertmanager-style alerts: each firing alert fires (or goes on firing), each resolved one is
     * resolved. A firing alert with an {@code endsAt} resolves by itself at that time unless it is
     * sent again before, as Alertmanager's senders re-post while an alert fires.
     */
    void receive(String source, List<ExternalAlert> alerts);

    /** A PagerDuty-style trigger of the alert known by {@code dedupKey}. */
    void trigger(String source, String dedupKey, ExternalAlert alert);

    /** A PagerDuty-style resolve; nothing happens when no alert of that key fires. */
    void resolve(String source, String dedupKey);
}

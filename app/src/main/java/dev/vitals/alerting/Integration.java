package dev.vitals.alerting;

import dev.vitals.config.Secret;

/**
 * An external system that sends alerts to Vitals, and the credential it must present: a bearer token
 * (Alertmanager, generic webhook) or a PagerDuty routing key.
 */
public record Integration(String name, Kind kind, Secret credential) {
    public enum Kind {
        /** Alertmanager's webhook receiver format and its alerts API shape; authenticated by token. */
        ALERTMANAGER("alertmanager"),
        /** PagerDuty Events API v2: {@code routing_key} in the body. */
        PAGERDUTY("pagerduty"),
        /** A generic JSON webhook; authenticated by token. */
        WEBHOOK("webhook");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}

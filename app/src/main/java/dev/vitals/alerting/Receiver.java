package dev.vitals.alerting;

import dev.vitals.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A named receiver: where its notifications go, by one or more channels. */
public record Receiver(String name, List<Target> targets) {
    public Receiver {
        targets = List.copyOf(targets);
    }

    /** One channel of a receiver, as configured. */
    public sealed interface Target {
        String kind();
    }

    /** A generic JSON webhook, signed with HMAC-SHA256 when a secret is set. */
    public record Webhook(URI url, Optional<Secret> secret, Duration timeout) implements Target {
        @Override
        public String kind() {
            return "webhook";
        }
    }

    /** A Slack-compatible incoming webhook (Block Kit). */
    public record Slack(URI url, Duration timeout) implements Target {
        @Override
        public String kind() {
            return "slack";
        }
    }

    /** A Microsoft Teams workflow webhook. */
    public record Teams(URI url, Duration timeout) implements Target {
        @Override
        public String kind() {
            return "teams";
        }
    }

    /** PagerDuty Events API v2. */
    public record PagerDuty(Secret routingKey, URI url, Duration timeout) implements Target {
        @Override
        public String kind() {
            return "pagerduty";
        }
    }

    /** Alertmanager's webhook format (version 4), outbound. */
    public record Alertmanager(URI url, Duration timeout) implements Target {
        @Override
        public String kind() {
            return "alertmanager";
        }
    }

    /** Email over SMTP, in text and HTML. */
    public record Email(List<String> to, String from, Smtp smtp) implements Target {
        public Email {
            to = List.copyOf(to);
        }

        @Override
        public String kind() {
            return "email";
        }
    }

    /**
     * An SMTP server. {@code starttls}: {@code always} refuses to send without it, {@code
     * if_offered} uses it when the server offers it, {@code never} does not ask.
     */
    public record Smtp(
            String host,
            int port,
            StartTls starttls,
            Optional<String> username,
            Optional<Secret> password,
            Duration timeout) {}

    public enum StartTls {
        ALWAYS,
        IF_OFFERED,
        NEVER
    }
}

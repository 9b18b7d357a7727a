package dev.vitals.alerting;

import java.util.List;
import java.util.Optional;

/**
 * The alerting part of the configuration file: receivers, the routing tree (absent when no receiver
 * is configured: nobody is notified) and the integrations that may send alerts in.
 */
public record AlertingSettings(List<Receiver> receivers, Optional<RouteNode> route, List<Integration> integrations) {
    public static final AlertingSettings NONE = new AlertingSettings(List.of(), Optional.empty(), List.of());

    public AlertingSettings {
        receivers = List.copyOf(receivers);
        integrations = List.copyOf(integrations);
    }

    public Optional<Receiver> receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}

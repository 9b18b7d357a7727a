package dev.vitals.monitors;

import java.util.Locale;

/**
 * Which of a monitor's states fire its alert: {@code down} (the default), or {@code degraded} too (a
 * service that answers too slowly is not up, and some teams want to hear of it).
 */
public enum AlertOn {
    DOWN,
    DEGRADED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.vitals.demo;

import java.util.Locale;

/** The services of the simulated office, with the team that answers for each. */
public enum Service {
    MAIL("it"),
    WIKI("it"),
    INTRANET("it"),
    VPN("it"),
    PAYROLL("finance"),
    FILES("it"),
    BACKUP("it");

    private final String team;

    Service(String team) {
        this.team = team;
    }

    /** The value of the {@code service} label of its monitors. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of the {@code team} label of its monitors. */
    public String team() {
        return team;
    }
}

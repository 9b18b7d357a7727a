package dev.vitals.accounts;

import java.util.Locale;
import java.util.Optional;

/** What a person may do, from least to most. */
public enum Role {
    /** Reads everything a signed-in person may see. */
    VIEWER,
    /** Also acknowledges, silences, posts updates and edits the monitors of their teams. */
    RESPONDER,
    /** Everything, including users, teams, tokens of others and the audit log. */
    ADMIN;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public static Optional<Role> parse(String s) {
        for (Role r : values()) {
            if (r.word().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

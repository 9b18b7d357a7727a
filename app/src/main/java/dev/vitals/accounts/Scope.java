package dev.vitals.accounts;

import java.util.Locale;
import java.util.Optional;

/**
 * What an API token may do, from least to most. A token never does more than its user's role allows:
 * a {@code write} token of a viewer can only read.
 */
public enum Scope {
    READ,
    WRITE,
    ADMIN;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String s) {
        for (Scope v : values()) {
            if (v.word().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}

package dev.vitals.accounts;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A person who can sign in. {@code passwordHash} is empty for people who sign in only with single
 * sign-on; {@code mustChangePassword} is set by a one-time password and cleared by the first change.
 */
public record User(
        long uid,
        String name,
        Role role,
        Set<String> teams,
        Optional<String> passwordHash,
        boolean mustChangePassword,
        Optional<String> totpSecret,
        Optional<String> oidcSubject,
        boolean disabled,
        Instant createdAt,
        Optional<Instant> lastLoginAt) {
    public User {
        teams = java.util.Collections.unmodifiableSet(new TreeSet<>(teams));
    }

    public boolean hasSecondFactor() {
        return totpSecret.isPresent();
    }
}

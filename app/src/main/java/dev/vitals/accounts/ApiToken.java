package dev.vitals.accounts;

import java.time.Instant;
import java.util.Optional;

/** An API token as stored: never the token itself, only its first characters to recognise it by. */
public record ApiToken(
        long kid,
        long uid,
        String userName,
        String name,
        String prefix,
        Scope scope,
        Instant createdAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt) {
    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}

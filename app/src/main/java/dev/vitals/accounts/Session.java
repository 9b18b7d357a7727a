package dev.vitals.accounts;

import java.time.Instant;

/** A signed-in browser: the digest of its cookie, its user, the CSRF token its forms carry. */
public record Session(String hash, long uid, String csrf, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {}

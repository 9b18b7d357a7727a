package dev.vitals.accounts.oidc;

import java.net.URI;
import java.time.Instant;

/**
 * A sign-in that has been sent to the identity provider and not come back yet. Keep it with the
 * browser's pre-login session (never in a cookie the browser can read) and hand it to {@link
 * OidcClient#complete}: {@code state} ties the callback to this browser, {@code nonce} ties the ID
 * token to this sign-in, and {@code codeVerifier} proves to the provider that whoever redeems the
 * code is whoever asked for it (PKCE).
 */
public record PendingLogin(String state, String nonce, String codeVerifier, URI redirectUri, Instant created) {
    @Override
    public String toString() {
        return "PendingLogin[created=" + created + "]"; // the rest would let a reader of logs finish it
    }
}

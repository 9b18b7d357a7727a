package dev.vitals.accounts.oidc;

/**
 * Why single sign-on did not happen, in {@code words} fit to show the person at the browser: no stack
 * trace, no token, no internal address. The details are in the server log. {@code words} may quote
 * the provider's own error description, so a page must escape it like any other text.
 */
public record OidcFailure(Reason reason, String words) implements OidcStart, OidcResult {
    public enum Reason {
        /** The provider could not be reached, or its discovery document or keys could not be read. */
        UNAVAILABLE,
        /** The sign-in was started too long ago. */
        EXPIRED,
        /** The callback does not belong to the sign-in this browser started (or it was started elsewhere). */
        STATE_MISMATCH,
        /** The provider sent {@code error=} back: the person cancelled, or the provider refused. */
        PROVIDER_REFUSED,
        /** The provider did not give tokens for the code: wrong client id or secret, a used code. */
        TOKEN_EXCHANGE,
        /** The answer could not be verified: signature, issuer, audience, expiry or nonce. */
        UNVERIFIED,
        /** The person is known to the provider but none of their claim values gives a role in Vitals. */
        NO_ROLE
    }
}

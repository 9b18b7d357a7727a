package dev.vitals.accounts.oidc;

/** Ends a sign-in step early with a failure for the user; caught in {@link OidcClient}, never escapes. */
final class Refusal extends Exception {
    private final transient OidcFailure failure;

    Refusal(OidcFailure.Reason reason, String words) {
        super(words, null, false, false); // a refusal is an answer, not a fault: no stack trace to fill
        this.failure = new OidcFailure(reason, words);
    }

    OidcFailure failure() {
        return failure;
    }
}

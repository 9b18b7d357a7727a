package dev.vitals.accounts.oidc;

/** What {@link OidcClient#complete} gives: who signed in, or why nobody did. */
public sealed interface OidcResult permits OidcIdentity, OidcFailure {}

package dev.vitals.accounts.oidc;

/** What {@link OidcClient#begin} gives: a redirect to the identity provider, or why there is none. */
public sealed interface OidcStart permits OidcRedirect, OidcFailure {}

/**
 * Single sign-on with OpenID Connect: Vitals as a relying party using the authorization code flow
 * with PKCE. {@link dev.vitals.accounts.oidc.OidcClient} starts a sign-in and finishes it into an
 * {@link dev.vitals.accounts.oidc.OidcIdentity} whose role comes from a claim; sessions, users and
 * routes that use it live in {@code dev.vitals.accounts}.
 */
package dev.vitals.accounts.oidc;

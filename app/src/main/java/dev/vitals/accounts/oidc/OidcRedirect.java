package dev.vitals.accounts.oidc;

import java.net.URI;

/** Send the browser to {@code authorizationUrl}, and keep {@code pending} for the way back. */
public record OidcRedirect(PendingLogin pending, URI authorizationUrl) implements OidcStart {}

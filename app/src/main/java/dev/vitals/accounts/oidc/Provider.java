package dev.vitals.accounts.oidc;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.util.List;

/**
 * What discovery learned about the identity provider: where to send people and where to redeem codes,
 * how it wants a client secret presented, and a validator that checks ID tokens against its published
 * keys (fetched when first needed, cached, and fetched again when a token names a key not seen yet, so
 * key rotation needs no restart).
 */
record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    URI authorizationEndpoint() {
        return metadata.getAuthorizationEndpointURI();
    }

    URI tokenEndpoint() {
        return metadata.getTokenEndpointURI();
    }

    /** {@code client_secret_basic} unless the provider says it only takes {@code client_secret_post}. */
    ClientAuthenticationMethod secretMethod() {
        List<ClientAuthenticationMethod> supported = metadata.getTokenEndpointAuthMethods();
        if (supported != null
                && !supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }
}

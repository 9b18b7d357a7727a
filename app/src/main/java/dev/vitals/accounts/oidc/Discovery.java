package dev.vitals.accounts.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.vitals.accounts.oidc.OidcFailure.Reason;
import java.io.IOException;
import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the provider's {@code /.well-known/openid-configuration} the first time someone signs in, not
 * at start: an identity provider that is down when Vitals starts must not keep Vitals from starting,
 * and people with a password can still sign in. A failed attempt is remembered for {@code retryAfter}
 * so that a crowd at the sign-in page during an outage gets "unavailable" at once instead of each
 * waiting for a timeout; after that the next sign-in tries again. A success is kept until restart.
 */
final class Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;

    static final String UNAVAILABLE = "Single sign-on is unavailable right now: Vitals cannot reach the"
            + " identity provider. Try again in a minute, or sign in with a password.";

    private final Issuer issuer;
    private final ClientID clientId;
    private final int timeoutMillis;
    private final Duration retryAfter;
    private final InstantSource clock;
    // A lock, not synchronized: discovery blocks on the network and may run on a virtual thread.
    private final ReentrantLock lock = new ReentrantLock();
    private Optional<Provider> provider = Optional.empty();
    private Optional<Instant> failedAt = Optional.empty();

    Discovery(Issuer issuer, ClientID clientId, Duration timeout, Duration retryAfter, InstantSource clock) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    Provider provider() throws Refusal {
        lock.lock();
        try {
            if (provider.isPresent()) {
                return provider.get();
            }
            Instant now = clock.instant();
            if (failedAt.isPresent() && now.isBefore(failedAt.get().plus(retryAfter))) {
                throw new Refusal(Reason.UNAVAILABLE, UNAVAILABLE);
            }
            try {
                provider = Optional.of(discover());
                failedAt = Optional.empty();
                LOG.info("single sign-on: discovered {}", issuer);
                return provider.get();
            } catch (Refusal e) {
                failedAt = Optional.of(now);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private Provider discover() throws Refusal {
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.resolve(issuer, timeoutMillis, timeoutMillis);
        } catch (IOException e) {
            LOG.warn("single sign-on: {}/.well-known/openid-configuration: {}", issuer, e.toString());
            throw new Refusal(Reason.UNAVAILABLE, UNAVAILABLE);
        } catch (GeneralException e) {
            // Wrong status, not JSON, or a document for another issuer: a configuration problem.
            LOG.warn("single sign-on: {}/.well-known/openid-configuration is not usable: {}", issuer, e.getMessage());
            throw new Refusal(Reason.UNAVAILABLE, UNAVAILABLE);
        }
        if (metadata.getJWKSetURI() == null || metadata.getTokenEndpointURI() == null) {
            LOG.warn("single sign-on: the discovery document of {} has no jwks_uri or token_endpoint", issuer);
            throw new Refusal(Reason.UNAVAILABLE, UNAVAILABLE);
        }
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(
                            metadata.getJWKSetURI().toURL(),
                            new DefaultResourceRetriever(timeoutMillis, timeoutMillis, JWKS_SIZE_LIMIT))
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            LOG.warn("single sign-on: the jwks_uri of {} is not a URL: {}", issuer, metadata.getJWKSetURI());
            throw new Refusal(Reason.UNAVAILABLE, UNAVAILABLE);
        }
        var selector = new JWSVerificationKeySelector<>(signatureAlgorithms(metadata), keys);
        return new Provider(metadata, new IDTokenValidator(issuer, clientId, selector, null));
    }

    /**
     * The public-key algorithms the provider says it signs ID tokens with; RS256 (which every provider
     * must support) when it says none. HMAC is left out on purpose: it would make the client secret a
     * signing key, and nothing Vitals needs requires it.
     */
    private static Set<JWSAlgorithm> signatureAlgorithms(OIDCProviderMetadata metadata) {
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs();
        if (offered != null) {
            for (JWSAlgorithm a : offered) {
                if (JWSAlgorithm.Family.SIGNATURE.contains(a)) {
                    algs.add(a);
                }
            }
        }
        if (algs.isEmpty()) {
            algs.add(JWSAlgorithm.RS256);
        }
        return algs;
    }
}

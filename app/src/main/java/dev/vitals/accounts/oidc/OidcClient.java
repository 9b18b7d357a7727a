package dev.vitals.accounts.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.accounts.oidc.OidcFailure.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vitals as an OpenID Connect relying party: the authorization code flow with PKCE (S256), a state
 * that ties the callback to the browser that started it, and a nonce that ties the ID token to this
 * sign-in. The ID token is checked with the SDK's {@link
 * com.nimbusds.openid.connect.sdk.validators.IDTokenValidator}: signature against the provider's
 * published keys, issuer, audience, expiry (against the system clock, which the provider's clock is
 * compared with too; a minute of skew is allowed) and nonce.
 *
 * <p>A client secret, when configured, is sent as HTTP Basic (or in the form when the provider only
 * takes that); without one Vitals is a public client and PKCE alone protects the code.
 *
 * <p>Every way this can fail ends in an {@link OidcFailure} with words for the person and details in
 * the log; no exception leaves {@link #begin} or {@link #complete}.
 */
public final class OidcClient {
    private static final Logger LOG = LoggerFactory.getLogger(OidcClient.class);

    /** How long a person may spend at the provider between {@link #begin} and {@link #complete}. */
    public static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final int MAX_DESCRIPTION = 200;

    private final SecuritySettings.Oidc settings;
    private final InstantSource clock;
    private final Issuer issuer;
    private final ClientID clientId;
    private final int timeoutMillis;
    private final Discovery discovery;
    private final ClaimMapping mapping;

    public OidcClient(SecuritySettings.Oidc settings, InstantSource clock) {
        this(settings, clock, TIMEOUT, RETRY_AFTER);
    }

    OidcClient(SecuritySettings.Oidc settings, InstantSource clock, Duration timeout, Duration retryAfter) {
        this.settings = settings;
        // Exactly as configured: the issuer is compared character for character with the discovery
        // document and every ID token, so "https://id.example.com/" and "...com" are different issuers.
        this.clock = clock;
        this.issuer = new Issuer(settings.issuer().toString());
        this.clientId = new ClientID(settings.clientId());
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.discovery = new Discovery(issuer, clientId, timeout, retryAfter, clock);
        this.mapping = new ClaimMapping(settings);
    }

    /**
     * Starts a sign-in: where to send the browser, and what to keep until it comes back to {@code
     * redirectUri} (which must be registered with the provider exactly as given here).
     */
    public OidcStart begin(URI redirectUri) {
        Provider provider;
        try {
            provider = discovery.provider();
        } catch (Refusal r) {
            return r.failure();
        }
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                        ResponseType.CODE, scope(), clientId, redirectUri)
                .endpointURI(provider.authorizationEndpoint())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        PendingLogin pending =
                new PendingLogin(state.getValue(), nonce.getValue(), verifier.getValue(), redirectUri, clock.instant());
        return new OidcRedirect(pending, request.toURI());
    }

    /**
     * Finishes a sign-in from the query parameters the provider sent the browser back with. {@code
     * pending} is what {@link #begin} gave for this browser; use it once and forget it, whatever the
     * result.
     */
    public OidcResult complete(Map<String, String> callbackQuery, PendingLogin pending) {
        try {
            return finish(callbackQuery, pending);
        } catch (Refusal r) {
            return r.failure();
        }
    }

    private OidcIdentity finish(Map<String, String> query, PendingLogin pending) throws Refusal {
        if (clock.instant().isAfter(pending.created().plus(PENDING_LIFETIME))) {
            throw new Refusal(
                    Reason.EXPIRED,
                    "The sign-in took longer than " + PENDING_LIFETIME.toMinutes() + " minutes. Please start again.");
        }
        String state = query.getOrDefault("state", "");
        if (!constantTimeEquals(state, pending.state())) {
            LOG.warn("single sign-on: callback state does not match the sign-in this browser started");
            throw new Refusal(
                    Reason.STATE_MISMATCH,
                    "This sign-in was not started from this browser, or was already used. Please start again.");
        }
        String error = query.get("error");
        if (error != null) {
            String description = printable(query.getOrDefault("error_description", ""));
            LOG.info("single sign-on: the provider refused the sign-in: {} {}", printable(error), description);
            throw new Refusal(
                    Reason.PROVIDER_REFUSED,
                    "The identity provider did not sign you in (" + printable(error)
                            + (description.isEmpty() ? "" : ": " + description) + ").");
        }
        // RFC 9207: a provider that names itself in the callback must be the one we sent the person to.
        String iss = query.get("iss");
        if (iss != null && !iss.equals(issuer.getValue())) {
            LOG.warn("single sign-on: callback came from issuer {} instead of {}", printable(iss), issuer);
            throw new Refusal(Reason.UNVERIFIED, unverified());
        }
        String code = query.get("code");
        if (code == null || code.isBlank()) {
            LOG.warn("single sign-on: callback has neither code nor error");
            throw new Refusal(Reason.UNVERIFIED, unverified());
        }
        Provider provider = discovery.provider();
        JWT idToken = redeem(provider, code, pending);
        IDTokenClaimsSet claims = validate(provider, idToken, pending);
        return identity(claims);
    }

    private JWT redeem(Provider provider, String code, PendingLogin pending) throws Refusal {
        var grant = new AuthorizationCodeGrant(
                new AuthorizationCode(code), pending.redirectUri(), new CodeVerifier(pending.codeVerifier()));
        Optional<ClientAuthentication> auth = clientAuthentication(provider);
        TokenRequest request = auth.isPresent()
                ? new TokenRequest.Builder(provider.tokenEndpoint(), auth.get(), grant).build()
                : new TokenRequest.Builder(provider.tokenEndpoint(), clientId, grant).build();
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(timeoutMillis);
        http.setReadTimeout(timeoutMillis);
        HTTPResponse response;
        try {
            response = http.send();
        } catch (IOException e) {
            LOG.warn("single sign-on: token endpoint {}: {}", provider.tokenEndpoint(), e.toString());
            throw new Refusal(Reason.UNAVAILABLE, Discovery.UNAVAILABLE);
        }
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            LOG.warn(
                    "single sign-on: token endpoint {} answered {} with something that is not a token response: {}",
                    provider.tokenEndpoint(),
                    response.getStatusCode(),
                    e.getMessage());
            throw new Refusal(Reason.TOKEN_EXCHANGE, tokenExchangeFailed());
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject err = parsed.toErrorResponse().getErrorObject();
            LOG.warn(
                    "single sign-on: token endpoint {} refused the code: {} {} (check client_id, client_secret"
                            + " and redirect_url)",
                    provider.tokenEndpoint(),
                    err.getCode(),
                    printable(Optional.ofNullable(err.getDescription()).orElse("")));
            throw new Refusal(Reason.TOKEN_EXCHANGE, tokenExchangeFailed());
        }
        if (!(parsed.toSuccessResponse() instanceof OIDCTokenResponse oidc)
                || oidc.getOIDCTokens().getIDToken() == null) {
            LOG.warn(
                    "single sign-on: token endpoint {} sent no ID token (is \"openid\" in scopes?)",
                    provider.tokenEndpoint());
            throw new Refusal(Reason.TOKEN_EXCHANGE, tokenExchangeFailed());
        }
        return oidc.getOIDCTokens().getIDToken();
    }

    private IDTokenClaimsSet validate(Provider provider, JWT idToken, PendingLogin pending) throws Refusal {
        try {
            return provider.validator().validate(idToken, new Nonce(pending.nonce()));
        } catch (KeySourceException e) {
            LOG.warn("single sign-on: cannot read the signing keys of {}: {}", issuer, e.getMessage());
            throw new Refusal(Reason.UNAVAILABLE, Discovery.UNAVAILABLE);
        } catch (BadJOSEException | JOSEException e) {
            LOG.warn("single sign-on: ID token refused: {}", e.getMessage());
            throw new Refusal(Reason.UNVERIFIED, unverified());
        }
    }

    private OidcIdentity identity(IDTokenClaimsSet idClaims) throws Refusal {
        Map<String, Object> claims = idClaims.toJSONObject();
        String subject = idClaims.getSubject().getValue();
        String name = firstText(claims, "preferred_username", "email").orElse(subject);
        Optional<Role> role = mapping.role(claims);
        if (role.isEmpty()) {
            LOG.info(
                    "single sign-on: {} ({}) has no role: claim {} is {}",
                    printable(name),
                    subject,
                    settings.roleClaim(),
                    ClaimMapping.values(claims, settings.roleClaim()));
            throw new Refusal(Reason.NO_ROLE, mapping.noRoleWords());
        }
        return new OidcIdentity(issuer.getValue(), subject, name, role.get(), mapping.teams(claims));
    }

    private Optional<ClientAuthentication> clientAuthentication(Provider provider) {
        Optional<dev.vitals.config.Secret> secret = settings.clientSecret().filter(s -> !s.isEmpty());
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        Secret s = new Secret(secret.get().reveal());
        return Optional.of(
                provider.secretMethod().equals(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        ? new ClientSecretPost(clientId, s)
                        : new ClientSecretBasic(clientId, s));
    }

    private Scope scope() {
        List<String> scopes = new ArrayList<>(settings.scopes());
        if (!scopes.contains("openid")) {
            scopes.addFirst("openid"); // without it the provider does OAuth, not OpenID Connect: no ID token
        }
        return new Scope(scopes.toArray(String[]::new));
    }

    private static String unverified() {
        return "The answer from the identity provider could not be verified, so Vitals did not sign you in."
                + " Please try again; if it keeps happening, tell an administrator.";
    }

    private static String tokenExchangeFailed() {
        return "The identity provider did not confirm the sign-in to Vitals. Please try again; if it keeps"
                + " happening, tell an administrator (the server log says why).";
    }

    private static Optional<String> firstText(Map<String, Object> claims, String... names) {
        for (String n : names) {
            if (claims.get(n) instanceof String s && !s.isBlank()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Text from the provider, fit for a log line or a page: no control characters, not too long. */
    static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= MAX_DESCRIPTION ? clean : clean.substring(0, MAX_DESCRIPTION) + "…";
    }
}

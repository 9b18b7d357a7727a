package dev.vitals.accounts.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.accounts.oidc.OidcFailure.Reason;
import dev.vitals.config.Secret;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.SilentServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-ins against a real OpenID Connect provider (mock-oauth2-server) on loopback. The browser is a
 * plain HTTP client that does not follow redirects: it asks the authorization endpoint, reads the
 * callback URL from the redirect, and hands its query to {@link OidcClient#complete} as the callback
 * route would. Every test uses its own issuer path, so queued token claims and discovery never leak
 * from one test into another.
 *
 * <p>The provider runs on its Netty server: its default, okhttp's MockWebServer 4, does not run with
 * the okhttp 5 that Vitals uses. Token requests are seen through the token callback instead.
 */
class OidcClientTest {
    private static final String CLIENT_ID = "vitals";
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8080/login/sso/callback");
    private static final Map<Role, List<String>> ROLES = Map.of(
            Role.ADMIN, List.of("vitals-admins"),
            Role.RESPONDER, List.of("oncall"),
            Role.VIEWER, List.of("staff"));
    private static final AtomicInteger ISSUERS = new AtomicInteger();
    private static final Pattern AMPERSAND = Pattern.compile("&");

    private static MockOAuth2Server provider;
    private static HttpClient browser;

    private final SettableClock clock = SettableClock.at("2026-03-01T10:00:00Z");
    private String issuerId;

    private final List<TokenRequest> tokenRequests = new ArrayList<>();

    @BeforeAll
    static void startProvider() throws IOException {
        provider = startProvider(0);
        browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static MockOAuth2Server startProvider(int port) throws IOException {
        MockOAuth2Server server = new MockOAuth2Server(
                new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(), Set.of(), new NettyWrapper()));
        server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
        return server;
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
        browser.close();
    }

    @BeforeEach
    void freshIssuer() {
        issuerId = "issuer" + ISSUERS.incrementAndGet();
    }

    private URI issuer() {
        return issuer(provider);
    }

    private URI issuer(MockOAuth2Server server) {
        return URI.create(server.issuerUrl(issuerId).toString());
    }

    private SecuritySettings.Oidc settings(
            Optional<Secret> secret, String roleClaim, Optional<Role> defaultRole, Optional<String> teamsClaim) {
        return new SecuritySettings.Oidc(
                issuer(),
                CLIENT_ID,
                secret,
                Optional.of(CALLBACK),
                List.of("openid", "profile", "email"),
                roleClaim,
                ROLES,
                defaultRole,
                teamsClaim,
                "Sign in with SSO");
    }

    private OidcClient client() {
        return client(settings(Optional.of(new Secret("s3cret")), "groups", Optional.empty(), Optional.empty()));
    }

    private OidcClient client(SecuritySettings.Oidc settings) {
        return new OidcClient(settings, clock, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** The provider puts these claims (and the subject) in the next tokens it issues for this issuer. */
    private void nextTokens(String subject, Map<String, Object> claims) {
        nextTokens(subject, claims, 3600);
    }

    private void nextTokens(String subject, Map<String, Object> claims, long expirySeconds) {
        nextTokens(provider, subject, claims, expirySeconds);
    }

    private void nextTokens(MockOAuth2Server server, String subject, Map<String, Object> claims, long expirySeconds) {
        server.enqueueCallback(new Recording(
                new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", null, claims, expirySeconds), tokenRequests));
    }

    /** Passes the provider's questions on, and keeps the token requests it was asked about. */
    private record Recording(OAuth2TokenCallback inner, List<TokenRequest> seen) implements OAuth2TokenCallback {
        @Override
        public String issuerId() {
            return inner.issuerId();
        }

        @Override
        public String subject(TokenRequest request) {
            seen.add(request);
            return inner.subject(request);
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return inner.typeHeader(request);
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return inner.audience(request);
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            return inner.addClaims(request);
        }

        @Override
        public long tokenExpiry() {
            return inner.tokenExpiry();
        }
    }

    private static OidcRedirect begin(OidcClient client) {
        OidcStart start = client.begin(CALLBACK);
        assertThat(start).isInstanceOf(OidcRedirect.class);
        return (OidcRedirect) start;
    }

    /** What a browser does between begin and the callback: visit the provider, read the redirect. */
    private static Map<String, String> visit(URI authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<Void> r = browser.send(
                HttpRequest.newBuilder(authorizationUrl).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo(CALLBACK.getPath());
        return query(location);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : AMPERSAND.splitAsStream(uri.getRawQuery()).toList()) {
            int eq = pair.indexOf('=');
            out.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private OidcResult signIn(OidcClient client) throws IOException, InterruptedException {
        OidcRedirect redirect = begin(client);
        return client.complete(visit(redirect.authorizationUrl()), redirect.pending());
    }

    private static OidcFailure failure(OidcResult result) {
        assertThat(result).isInstanceOf(OidcFailure.class);
        return (OidcFailure) result;
    }

    @Test
    void aMemberOfTheAdminGroupSignsInAsAdmin() throws Exception {
        nextTokens("u-ada", Map.of("preferred_username", "ada", "groups", List.of("staff", "vitals-admins")));
        assertThat(signIn(client()))
                .isEqualTo(new OidcIdentity(issuer().toString(), "u-ada", "ada", Role.ADMIN, List.of()));
    }

    @Test
    void theAuthorizationUrlAsksForACodeWithPkceStateNonceAndTheScopes() {
        OidcRedirect redirect = begin(client());
        Map<String, String> q = query(redirect.authorizationUrl());
        assertThat(redirect.authorizationUrl().toString()).startsWith(issuer() + "/authorize?");
        assertThat(q)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", CALLBACK.toString())
                .containsEntry("scope", "openid profile email")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("state", redirect.pending().state())
                .containsEntry("nonce", redirect.pending().nonce())
                .containsKey("code_challenge");
        assertThat(q.get("code_challenge")).isNotEqualTo(redirect.pending().codeVerifier());
        assertThat(redirect.pending().created()).isEqualTo(clock.instant());
        assertThat(redirect.pending().toString())
                .doesNotContain(redirect.pending().state());
    }

    @Test
    void twoSignInsGetDifferentStateNonceAndVerifier() {
        OidcClient client = client();
        PendingLogin a = begin(client).pending();
        PendingLogin b = begin(client).pending();
        assertThat(a.state()).isNotEqualTo(b.state());
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.codeVerifier()).isNotEqualTo(b.codeVerifier());
    }

    @Test
    void openidIsAskedForEvenWhenTheScopesForgetIt() {
        SecuritySettings.Oidc s = settings(Optional.empty(), "groups", Optional.empty(), Optional.empty());
        OidcClient client = client(new SecuritySettings.Oidc(
                s.issuer(),
                s.clientId(),
                s.clientSecret(),
                s.redirectUri(),
                List.of("profile", "groups"),
                s.roleClaim(),
                s.roles(),
                s.defaultRole(),
                s.teamsClaim(),
                s.buttonLabel()));
        assertThat(query(begin(client).authorizationUrl())).containsEntry("scope", "openid profile groups");
    }

    @Test
    void aMemberOfTheOnCallGroupIsAResponderNamedByEmailWhenThereIsNoUsername() throws Exception {
        nextTokens("u-bob", Map.of("email", "bob@example.org", "groups", List.of("oncall", "staff")));
        OidcIdentity id = (OidcIdentity) signIn(client());
        assertThat(id.role()).isEqualTo(Role.RESPONDER);
        assertThat(id.name()).isEqualTo("bob@example.org");
    }

    @Test
    void aGroupClaimSentAsOneStringCounts() throws Exception {
        nextTokens("u-cy", Map.of("groups", "staff"));
        assertThat(((OidcIdentity) signIn(client())).role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void someoneInNoMappedGroupIsRefusedWithWordsThatSayWhich() throws Exception {
        nextTokens("u-eve", Map.of("preferred_username", "eve", "groups", List.of("sales")));
        OidcFailure f = failure(signIn(client()));
        assertThat(f.reason()).isEqualTo(Reason.NO_ROLE);
        assertThat(f.words())
                .contains("Your account has no role in Vitals (claim groups has none of vitals-admins, oncall, staff)");
    }

    @Test
    void someoneInNoMappedGroupGetsTheDefaultRoleWhenThereIsOneAndIsNamedBySubject() throws Exception {
        nextTokens("u-dan", Map.of());
        OidcResult result = signIn(client(
                settings(Optional.of(new Secret("s3cret")), "groups", Optional.of(Role.VIEWER), Optional.empty())));
        assertThat(result).isEqualTo(new OidcIdentity(issuer().toString(), "u-dan", "u-dan", Role.VIEWER, List.of()));
    }

    @Test
    void rolesNestedInObjectsAndTeamsFromTheirClaimAreRead() throws Exception {
        nextTokens(
                "u-kim",
                Map.of(
                        "preferred_username", "kim",
                        "realm_access", Map.of("roles", List.of("offline_access", "oncall")),
                        "teams", List.of("databases", "network", "databases")));
        OidcResult result = signIn(client(settings(
                Optional.of(new Secret("s3cret")), "realm_access.roles", Optional.empty(), Optional.of("teams"))));
        assertThat(result)
                .isEqualTo(new OidcIdentity(
                        issuer().toString(), "u-kim", "kim", Role.RESPONDER, List.of("databases", "network")));
    }

    @Test
    void aClientSecretIsSentWithHttpBasicAndTheCodeVerifierWithIt() throws Exception {
        nextTokens("u-ada", Map.of("groups", "staff"));
        assertThat(signIn(client())).isInstanceOf(OidcIdentity.class);
        TokenRequest token = tokenRequests.getFirst();
        assertThat(token.getClientAuthentication()).isInstanceOfSatisfying(ClientSecretBasic.class, basic -> {
            assertThat(basic.getClientID().getValue()).isEqualTo(CLIENT_ID);
            assertThat(basic.getClientSecret().getValue()).isEqualTo("s3cret");
        });
        assertThat(((AuthorizationCodeGrant) token.getAuthorizationGrant()).getCodeVerifier())
                .isNotNull();
    }

    @Test
    void withoutASecretVitalsIsAPublicClientAndPkceAloneGuardsTheCode() throws Exception {
        nextTokens("u-ada", Map.of("groups", "staff"));
        OidcClient client = client(settings(Optional.empty(), "groups", Optional.empty(), Optional.empty()));
        assertThat(signIn(client)).isInstanceOf(OidcIdentity.class);
        TokenRequest token = tokenRequests.getFirst();
        assertThat(token.getClientAuthentication()).isNull();
        assertThat(token.getClientID().getValue()).isEqualTo(CLIENT_ID);
        assertThat(((AuthorizationCodeGrant) token.getAuthorizationGrant()).getCodeVerifier())
                .isNotNull();
    }

    @Test
    void aCallbackWithAnotherStateIsRefusedBeforeTheCodeIsRedeemed() throws Exception {
        OidcClient client = client();
        OidcRedirect mine = begin(client);
        OidcRedirect theirs = begin(client);
        Map<String, String> callback = visit(theirs.authorizationUrl());
        OidcFailure f = failure(client.complete(callback, mine.pending()));
        assertThat(f.reason()).isEqualTo(Reason.STATE_MISMATCH);
        assertThat(tokenRequests).isEmpty();
    }

    @Test
    void aCallbackWithoutStateIsRefused() throws Exception {
        OidcClient client = client();
        OidcRedirect redirect = begin(client);
        Map<String, String> callback = visit(redirect.authorizationUrl());
        callback.remove("state");
        assertThat(failure(client.complete(callback, redirect.pending())).reason())
                .isEqualTo(Reason.STATE_MISMATCH);
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        nextTokens("u-ada", Map.of("groups", "vitals-admins"));
        OidcClient client = client();
        OidcRedirect redirect = begin(client);
        PendingLogin p = redirect.pending();
        PendingLogin otherNonce =
                new PendingLogin(p.state(), "another-nonce", p.codeVerifier(), p.redirectUri(), p.created());
        OidcFailure f = failure(client.complete(visit(redirect.authorizationUrl()), otherNonce));
        assertThat(f.reason()).isEqualTo(Reason.UNVERIFIED);
        assertThat(f.words()).doesNotContain("nonce").doesNotContain("Exception");
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() throws Exception {
        nextTokens("u-ada", Map.of("groups", "vitals-admins", "aud", "some-other-app"));
        assertThat(failure(signIn(client())).reason()).isEqualTo(Reason.UNVERIFIED);
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
        nextTokens("u-ada", Map.of("groups", "vitals-admins", "iss", "http://127.0.0.1:1/evil"));
        assertThat(failure(signIn(client())).reason()).isEqualTo(Reason.UNVERIFIED);
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        nextTokens("u-ada", Map.of("groups", "vitals-admins"), -300);
        assertThat(failure(signIn(client())).reason()).isEqualTo(Reason.UNVERIFIED);
    }

    @Test
    void aCodeRedeemedWithTheWrongVerifierIsRefusedByTheProvider() throws Exception {
        OidcClient client = client();
        OidcRedirect redirect = begin(client);
        PendingLogin p = redirect.pending();
        PendingLogin stolen =
                new PendingLogin(p.state(), p.nonce(), "x".repeat(43) + "wrong-verifier", p.redirectUri(), p.created());
        OidcFailure f = failure(client.complete(visit(redirect.authorizationUrl()), stolen));
        assertThat(f.reason()).isEqualTo(Reason.TOKEN_EXCHANGE);
    }

    @Test
    void aCodeRedeemedASecondTimeSignsNobodyIn() throws Exception {
        nextTokens("u-ada", Map.of("groups", "vitals-admins"));
        OidcClient client = client();
        OidcRedirect redirect = begin(client);
        Map<String, String> callback = visit(redirect.authorizationUrl());
        assertThat(client.complete(callback, redirect.pending())).isInstanceOf(OidcIdentity.class);
        // A strict provider refuses the used code (TOKEN_EXCHANGE); this one issues an ID token without
        // the nonce, which the validator refuses (UNVERIFIED). Either way nobody is signed in.
        assertThat(failure(client.complete(callback, redirect.pending())).reason())
                .isIn(Reason.TOKEN_EXCHANGE, Reason.UNVERIFIED);
    }

    @Test
    void anErrorFromTheProviderIsShownWithItsDescription() {
        OidcClient client = client();
        PendingLogin pending = begin(client).pending();
        OidcFailure f = failure(client.complete(
                Map.of(
                        "state", pending.state(),
                        "error", "access_denied",
                        "error_description", "The user cancelled\nthe sign-in"),
                pending));
        assertThat(f.reason()).isEqualTo(Reason.PROVIDER_REFUSED);
        assertThat(f.words()).contains("access_denied: The user cancelled the sign-in");
    }

    @Test
    void aCallbackNamingAnotherIssuerIsRefused() throws Exception {
        OidcClient client = client();
        OidcRedirect redirect = begin(client);
        Map<String, String> callback = visit(redirect.authorizationUrl());
        callback.put("iss", "https://evil.example.com");
        assertThat(failure(client.complete(callback, redirect.pending())).reason())
                .isEqualTo(Reason.UNVERIFIED);
    }

    @Test
    void aSignInStartedMoreThanTenMinutesAgoIsRefused() throws Exception {
        OidcClient client = client();
        OidcRedirect redirect = begin(client);
        Map<String, String> callback = visit(redirect.authorizationUrl());
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        OidcFailure f = failure(client.complete(callback, redirect.pending()));
        assertThat(f.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(f.words()).contains("10 minutes");
    }

    @Test
    void aProviderThatRefusesConnectionsMakesSsoUnavailableNotAnError() {
        SecuritySettings.Oidc s = settings(Optional.empty(), "groups", Optional.empty(), Optional.empty());
        OidcClient client = client(new SecuritySettings.Oidc(
                URI.create("http://127.0.0.1:" + SilentServer.closedPort() + "/realms/office"),
                s.clientId(),
                s.clientSecret(),
                s.redirectUri(),
                s.scopes(),
                s.roleClaim(),
                s.roles(),
                s.defaultRole(),
                s.teamsClaim(),
                s.buttonLabel()));
        OidcStart start = client.begin(CALLBACK);
        assertThat(start).isInstanceOf(OidcFailure.class);
        assertThat(((OidcFailure) start).reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(((OidcFailure) start).words()).contains("Single sign-on is unavailable");
    }

    @Test
    void aProviderThatHangsIsGivenUpOnAtTheTimeout() {
        try (SilentServer silent = new SilentServer()) {
            SecuritySettings.Oidc s = settings(Optional.empty(), "groups", Optional.empty(), Optional.empty());
            OidcClient client = new OidcClient(
                    new SecuritySettings.Oidc(
                            URI.create("http://127.0.0.1:" + silent.port() + "/realms/office"),
                            s.clientId(),
                            s.clientSecret(),
                            s.redirectUri(),
                            s.scopes(),
                            s.roleClaim(),
                            s.roles(),
                            s.defaultRole(),
                            s.teamsClaim(),
                            s.buttonLabel()),
                    clock,
                    Duration.ofMillis(300),
                    Duration.ofSeconds(30));
            long started = System.nanoTime();
            OidcStart start = client.begin(CALLBACK);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(start).isInstanceOf(OidcFailure.class);
            assertThat(tookMillis).isBetween(250L, 3000L);
        }
    }

    @Test
    void aProviderDownAtTheFirstSignInIsTriedAgainThirtySecondsLaterAndThenKept() throws Exception {
        int port = SilentServer.closedPort();
        SecuritySettings.Oidc s = settings(Optional.empty(), "groups", Optional.empty(), Optional.empty());
        OidcClient client = client(new SecuritySettings.Oidc(
                URI.create("http://127.0.0.1:" + port + "/" + issuerId),
                s.clientId(),
                s.clientSecret(),
                s.redirectUri(),
                s.scopes(),
                s.roleClaim(),
                s.roles(),
                s.defaultRole(),
                s.teamsClaim(),
                s.buttonLabel()));
        assertThat(client.begin(CALLBACK)).isInstanceOf(OidcFailure.class);

        MockOAuth2Server late = startProvider(port);
        try {
            clock.advance(Duration.ofSeconds(29));
            OidcStart soon = client.begin(CALLBACK);
            assertThat(soon)
                    .as("the provider is up now, but the last failure is too recent to try again")
                    .isInstanceOfSatisfying(
                            OidcFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.UNAVAILABLE));

            clock.advance(Duration.ofSeconds(1));
            nextTokens(late, "u-ada", Map.of("groups", "vitals-admins"), 3600);
            assertThat(signIn(client)).isInstanceOf(OidcIdentity.class);
        } finally {
            late.shutdown();
        }
        assertThat(client.begin(CALLBACK))
                .as("what discovery learned is kept: starting a sign-in needs no request to the provider")
                .isInstanceOf(OidcRedirect.class);
    }
}

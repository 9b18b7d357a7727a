package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testkit.Certificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security headers on every answer of the real server, errors included, and HSTS only under TLS. */
class SecurityHeadersTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The system routes only: the other routes' collaborators are never called by these requests. */
    private ApiServer server(Supplier<Map<String, Object>> health) {
        server = new ApiServer(
                null,
                null,
                null,
                null,
                null,
                InstantSource.system(),
                health,
                out -> {},
                // Read at construction (is this the demo?), never asked anything by these requests.
                new dev.vitals.accounts.Accounts(
                        null,
                        InstantSource.system(),
                        dev.vitals.accounts.SecuritySettings.Sessions.DEFAULT,
                        java.util.Optional.empty(),
                        dev.vitals.accounts.LoginThrottle.standard(InstantSource.system())),
                null,
                dev.vitals.accounts.SecuritySettings.Sessions.DEFAULT,
                dev.vitals.checks.NetworkGuard.NONE,
                java.util.Optional.empty(),
                java.util.List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                java.util.List.of());
        return server;
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        var headers = response.headers();
        assertThat(headers.firstValue("Content-Security-Policy"))
                .hasValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self';"
                        + " object-src 'none'");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    @Test
    void aNotFoundProblemCarriesTheHeadersButNoHstsOverPlainHttp() throws Exception {
        server(Map::of).start("127.0.0.1", 0);

        var response =
                send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/nope")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ApiServer.PROBLEM_JSON);
        assertSecurityHeaders(response);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void everyKindOfErrorCarriesTheHeaders() throws Exception {
        server(() -> {
                    throw new IllegalStateException("boom");
                })
                .start("127.0.0.1", 0);
        String base = "http://127.0.0.1:" + server.port();

        var notAllowed = send(
                http, HttpRequest.newBuilder(URI.create(base + "/health")).POST(HttpRequest.BodyPublishers.noBody()));
        var tooLarge = send(
                http,
                // Expect: 100-continue, as careful senders of large bodies do: the refusal then comes
                // before the body, and is not lost to a connection closed while the body is still sent.
                HttpRequest.newBuilder(URI.create(base + "/api/v1/monitors"))
                        .header("Content-Type", "application/json")
                        .expectContinue(true)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[Params.MAX_BODY + 1])));
        var failed = send(http, HttpRequest.newBuilder(URI.create(base + "/health")));

        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertSecurityHeaders(notAllowed);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertSecurityHeaders(tooLarge);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("boom").doesNotContain("Exception");
        assertSecurityHeaders(failed);
    }

    @Test
    void underTlsTheAnswersAlsoCarryHstsAndPlainHttpIsNotAnswered() throws Exception {
        var ca = Certificates.authority("Headers test CA");
        Instant now = Instant.now();
        var leaf = ca.issue("localhost", now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS), "127.0.0.1");
        Tls tls = Tls.fromPem(
                leaf.writeChainPem(dir.resolve("chain.pem")), leaf.writePkcs8KeyPem(dir.resolve("key.pem")));
        server(() -> Map.of("status", "ok")).start("127.0.0.1", 0, Optional.of(tls));
        HttpClient https = HttpClient.newBuilder()
                .sslContext(ca.clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        var health = send(https, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health")));
        var missing = send(https, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/nope")));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
        assertSecurityHeaders(health);
        assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertSecurityHeaders(missing);
        assertThat(missing.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThatThrownBy(() ->
                        send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void tlsOneTwoIsAcceptedAsWellAsOneThree() throws Exception {
        var ca = Certificates.authority("Protocol test CA");
        Instant now = Instant.now();
        var leaf = ca.issue(
                Certificates.KeyType.RSA,
                "localhost",
                now.minus(1, ChronoUnit.DAYS),
                now.plus(1, ChronoUnit.DAYS),
                "127.0.0.1");
        Tls tls = Tls.fromPem(
                leaf.writeChainPem(dir.resolve("chain.pem")), leaf.writePkcs8KeyPem(dir.resolve("key.pem")));
        server(() -> Map.of("status", "ok")).start("127.0.0.1", 0, Optional.of(tls));
        SSLParameters onlyTls12 = new SSLParameters();
        onlyTls12.setProtocols(new String[] {"TLSv1.2"});
        HttpClient client = HttpClient.newBuilder()
                .sslContext(ca.clientContext())
                .sslParameters(onlyTls12)
                .build();

        var response =
                send(client, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().map(s -> s.getProtocol())).hasValue("TLSv1.2");
    }
}

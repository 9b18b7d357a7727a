package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.VitalsProcess;
import dev.vitals.testkit.VitalsProcess.Run;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vitals serve} over HTTPS from PEM files, through the real jar. */
@Tag("e2e")
class TlsIT {
    private static final Certificates.Authority CA = Certificates.authority("Vitals TLS test CA");

    @TempDir
    Path dir;

    private static Certificates.Leaf leaf(Certificates.KeyType type) {
        Instant now = Instant.now();
        return CA.issue(type, "vitals.test", now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), "127.0.0.1");
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("vitals.yaml"), "monitors: []\n");
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient trustingTheTestCa() {
        return HttpClient.newBuilder()
                .sslContext(CA.clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void serveAnswersHttpsWithHstsAndTheOtherSecurityHeadersAndNotPlainHttp() throws Exception {
        Certificates.Leaf leaf = leaf(Certificates.KeyType.RSA);
        Path chain = leaf.writeChainPem(dir.resolve("chain.pem"));
        Path key = leaf.writePkcs8KeyPem(dir.resolve("key.pem"));

        try (VitalsProcess vitals = VitalsProcess.serve(
                config(), dir.resolve("data"), "--tls-cert", chain.toString(), "--tls-key", key.toString())) {
            assertThat(vitals.baseUrl()).startsWith("https://");
            HttpResponse<String> health = get(trustingTheTestCa(), vitals.baseUrl() + "/health");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\"");
            assertThat(health.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(health.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("script-src 'self'")
                            .contains("frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline"));
            assertThat(health.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(health.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(health.headers().firstValue("Referrer-Policy")).hasValue("same-origin");

            HttpClient plain = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            assertThatThrownBy(() -> get(plain, "http://127.0.0.1:" + vitals.port() + "/health"))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void serveTakesTheFilesFromTheEnvironmentToo() throws Exception {
        Certificates.Leaf leaf = leaf(Certificates.KeyType.EC);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (VitalsProcess vitals = VitalsProcess.serveFromEnvironment(Map.of(
                "VITALS_CONFIG", config().toString(),
                "VITALS_DATA", dir.resolve("env-data").toString(),
                "VITALS_LISTEN", "127.0.0.1:" + port,
                "VITALS_TLS_CERT", leaf.writeChainPem(dir.resolve("chain.pem")).toString(),
                "VITALS_TLS_KEY", leaf.writePkcs8KeyPem(dir.resolve("key.pem")).toString()))) {
            assertThat(vitals.output()).contains("Vitals is running: https://127.0.0.1:" + port + "/");
            assertThat(get(trustingTheTestCa(), vitals.baseUrl() + "/health").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aKeyFileInTheOldFormatStopsServeWithExitTwoNamingTheFile() throws Exception {
        Certificates.Leaf leaf = leaf(Certificates.KeyType.RSA);
        Path chain = leaf.writeChainPem(dir.resolve("chain.pem"));
        Path key = leaf.writeKeyPem(dir.resolve("rsa-key.pem"));
        Path data = dir.resolve("data");

        Run r = VitalsProcess.run(
                "serve",
                "--config",
                config().toString(),
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:0",
                "--tls-cert",
                chain.toString(),
                "--tls-key",
                key.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr())
                .startsWith("vitals serve: the TLS key file " + key)
                .contains("openssl pkcs8 -topk8 -nocrypt -in " + key)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(r.stderr().strip().lines()).hasSize(1);
        assertThat(data).as("nothing is started before the files are read").doesNotExist();
    }

    @Test
    void aCertificateWithoutAKeyIsRefused() throws Exception {
        Path chain = leaf(Certificates.KeyType.EC).writeChainPem(dir.resolve("chain.pem"));

        Run r = VitalsProcess.run(
                "serve", "--config", config().toString(), "--listen", "127.0.0.1:0", "--tls-cert", chain.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("give both --tls-cert FILE and --tls-key FILE")
                .contains("only the certificate was given");
    }
}

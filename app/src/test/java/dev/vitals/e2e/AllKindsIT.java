package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.DnsResponder;
import dev.vitals.testkit.StatusTarget;
import dev.vitals.testkit.TcpServer;
import dev.vitals.testkit.TlsServer;
import dev.vitals.testkit.VitalsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One monitor of every kind, watched by the real jar against real servers: in-test HTTP, TCP, TLS
 * and DNS servers, and this machine's PostgreSQL, MariaDB and Redis.
 */
@Tag("e2e")
class AllKindsIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void everyKindIsCheckedAndJudgedThroughTheJar() throws Exception {
        Certificates.Authority ca = Certificates.authority("Vitals Test CA");
        Instant now = Instant.now();
        Certificates.Leaf leaf =
                ca.issue("localhost", now.minus(1, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS), "127.0.0.1");
        Path caFile = ca.writePem(dir.resolve("ca.pem"));
        try (StatusTarget web = StatusTarget.start();
                TcpServer mail = TcpServer.banner("220 mail ready\r\n");
                TlsServer portal = TlsServer.serving(leaf);
                DnsResponder dns = DnsResponder.start().add("intranet.example.org", "A", "10.0.0.10")) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(
                    config, """
                    monitors:
                      - id: intranet
                        kind: http
                        url: %s
                        interval: 2s
                        timeout: 2s
                        expect: { status: [200], body_contains: "ok" }
                      - id: mail
                        kind: tcp
                        host: 127.0.0.1
                        port: %d
                        interval: 2s
                        timeout: 2s
                        expect: { banner_matches: "^220 " }
                      - id: dns
                        kind: dns
                        name: intranet.example.org
                        record: A
                        server: %s
                        interval: 2s
                        timeout: 2s
                        expect: { answers_include: ["10.0.0.10"] }
                      - id: portal-cert
                        kind: tls
                        host: 127.0.0.1
                        port: %d
                        ca_file: %s
                        interval: 2s
                        timeout: 2s
                        expect: { days_left_at_least: 14 }
                        warn: { days_left_at_least: 30 }
                      - id: erp-db
                        kind: postgres
                        url: jdbc:postgresql://127.0.0.1:5432/test
                        user: postgres
                        password: ${ERP_DB_PASSWORD:-}
                        query: select 1
                        interval: 2s
                        timeout: 2s
                        slow: 1500ms
                        expect: { value: "1" }
                      - id: shop-db
                        kind: mysql
                        url: jdbc:mysql://127.0.0.1:3306/test
                        user: root
                        query: select 2
                        interval: 2s
                        timeout: 2s
                        slow: 1500ms
                        expect: { value: "2" }
                      - id: cache
                        kind: redis
                        host: 127.0.0.1
                        port: 6379
                        interval: 2s
                        timeout: 2s
                    """.formatted(web.url("/health"), mail.port(), dns.address(), portal.port(), caFile));
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                ApiClient api = new ApiClient(vitals.baseUrl());
                Map<String, String> expected = new HashMap<>(Map.of(
                        "intranet", "up",
                        "mail", "up",
                        "dns", "up",
                        "erp-db", "up",
                        "shop-db", "up",
                        "cache", "up",
                        // 20 days left: enough for expect (14), not for warn (30).
                        "portal-cert", "degraded"));
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    JsonNode m = api.await(
                                    "/api/v1/monitors/" + e.getKey(),
                                    WAIT,
                                    r -> e.getValue()
                                            .equals(r.json().path("status").asText()))
                            .json();
                    assertThat(m.path("kind").asText()).isNotBlank();
                    assertThat(m.path("last_result").path("latency_ms").isNumber())
                            .isTrue();
                }
                JsonNode cert = api.get("/api/v1/monitors/portal-cert").json();
                assertThat(cert.path("status_reason").asText()).contains("30");
                assertThat(cert.path("last_result")
                                .path("certificate_expires_at")
                                .asText())
                        .isNotBlank();
                assertThat(api.get("/metrics").text())
                        .containsPattern("vitals_certificate_expiry_timestamp_seconds\\{[^}]*monitor=\"portal-cert\"");

                // A broken service of each network kind is down with its reason in words.
                web.answer(503, "down for maintenance");
                api.await(
                        "/api/v1/monitors/intranet",
                        WAIT,
                        r -> "down".equals(r.json().path("status").asText()));
                assertThat(api.get("/api/v1/monitors/intranet")
                                .json()
                                .path("status_reason")
                                .asText())
                        .contains("503");
            }
        }
    }
}

package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.AuditEntry;
import dev.vitals.checks.Cidr;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** X-Forwarded-For and X-Forwarded-Proto count only when they come from a trusted proxy. */
class ClientAddressTest {
    @TempDir
    Path dir;

    private static final String TEAM = "{\"name\":\"ops\"}";
    private static final Map<String, String> FORWARDED =
            Map.of("X-Forwarded-For", "203.0.113.9, 10.1.1.1", "X-Forwarded-Proto", "https");

    private static AuditEntry lastAudit(ApiHarness h) {
        return h.accounts
                .store()
                .auditLog(Optional.empty(), Optional.empty(), 1)
                .get(0);
    }

    @Test
    void anUntrustedSenderCannotChooseTheAddressTheAuditLogShows() {
        try (ApiHarness h = new ApiHarness(dir)) {
            ApiHarness.Answer a = h.send(
                    "POST",
                    "/api/v1/teams",
                    Optional.of(TEAM),
                    new ApiHarness.As.Bearer(ApiHarness.BOOTSTRAP),
                    FORWARDED);
            assertThat(a.status()).isEqualTo(201);
            assertThat(lastAudit(h).address()).hasValue("127.0.0.1");
        }
    }

    @Test
    void behindATrustedProxyTheClientIsTheLastUntrustedHopAndCookiesAreSecure() throws Exception {
        List<Cidr> proxies = List.of(
                Cidr.parse("127.0.0.0/8").orElseThrow(),
                Cidr.parse("10.0.0.0/8").orElseThrow());
        try (ApiHarness h = new ApiHarness(dir.resolve("p"), Optional.empty(), proxies)) {
            ApiHarness.Answer a = h.send(
                    "POST",
                    "/api/v1/teams",
                    Optional.of(TEAM),
                    new ApiHarness.As.Bearer(ApiHarness.BOOTSTRAP),
                    FORWARDED);
            assertThat(a.status()).isEqualTo(201);
            assertThat(lastAudit(h).address()).hasValue("203.0.113.9");

            var u = h.accounts.addUser("pat", dev.vitals.accounts.Role.VIEWER, List.of());
            ApiHarness.Answer signIn = h.send(
                    "POST",
                    "/api/v1/session",
                    Optional.of("{\"name\":\"pat\",\"password\":\"" + u.oneTimePassword() + "\"}"),
                    new ApiHarness.As.Nobody(),
                    FORWARDED);
            assertThat(signIn.status()).isEqualTo(200);
            assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
        }
    }
}

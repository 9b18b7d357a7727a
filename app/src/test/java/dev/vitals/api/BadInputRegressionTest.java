package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Role;
import dev.vitals.testkit.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link HostileInputProperties} found, pinned one by one: each of these was a 500 (or an HTML
 * page) before it was fixed.
 */
class BadInputRegressionTest {
    @TempDir
    static Path dir;

    static ApiHarness h;
    static RawHttp raw;
    static final ApiHarness.As ADMIN = new ApiHarness.As.Bearer(ApiHarness.BOOTSTRAP);

    @BeforeAll
    static void start() {
        h = new ApiHarness(dir);
        raw = new RawHttp("127.0.0.1", h.server.port());
        h.registry.create("""
                {"id": "fin-web", "kind": "http", "url": "http://127.0.0.1:9/", "labels": {"team": "finance"}}
                """);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void aNumberTooLongOrNestingTooDeepForTheParserIsABadRequest() {
        for (String body : List.of("{\"name\": 1" + "0".repeat(2000) + "}", "[".repeat(5000))) {
            ApiHarness.Answer a = h.send("POST", "/api/v1/teams", Optional.of(body), ADMIN);
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
            assertThat(a.body()).contains("too deeply", "too long").doesNotContain("Exception");
        }
    }

    @Test
    void aCharsetJavaDoesNotKnowInTheContentTypeIsNoServerError() throws IOException {
        RawHttp.Reply r = raw.exchange(
                "POST",
                raw.request("POST", "/api/v1/session")
                        .header("Content-Type", "application/json; charset=nonsense")
                        .body("{\"name\": \"nobody\", \"password\": \"wrong\"}".getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(10));
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.contentType()).startsWith(ApiServer.PROBLEM_JSON);
    }

    @Test
    void aSignInFormInACharsetJavaDoesNotKnowIsAnEmptyFormNotAServerError() throws IOException {
        for (String contentType : java.util.List.of(
                "application/x-www-form-urlencoded; charset=nonsense", "application/json; charset=nonsense")) {
            RawHttp.Reply r = raw.exchange(
                    "POST",
                    raw.request("POST", "/login")
                            .header("Content-Type", contentType)
                            .body("name=nobody&password=wrong".getBytes(StandardCharsets.UTF_8)),
                    Duration.ofSeconds(10));
            assertThat(r.status()).as(contentType + ": " + r.body()).isBetween(400, 499);
            assertThat(r.contentType()).startsWith("text/html");
        }
    }

    @Test
    void aFormInACharsetJavaDoesNotKnowHasNoCsrfTokenRatherThanBreakingTheServer() throws IOException {
        ApiHarness.As.Browser s = h.session(h.user("ada", Role.ADMIN, List.of()));
        for (String charset : List.of("nonsense", "\"")) {
            RawHttp.Reply r = raw.exchange(
                    "POST",
                    raw.request("POST", "/api/v1/teams")
                            .header("Cookie", Accounts.SESSION_COOKIE + "=" + s.cookie())
                            .header("Content-Type", "application/x-www-form-urlencoded; charset=" + charset)
                            .body(("_csrf=" + s.csrfToken()).getBytes(StandardCharsets.UTF_8)),
                    Duration.ofSeconds(10));
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.body()).contains("CSRF");
        }
    }

    @Test
    void aTimeBeyondTheYears1To9999IsABadRequestNotAnOverflow() {
        for (String target : List.of(
                "/api/v1/monitors/fin-web/results?to=-1000000000-01-01T00:00:00Z",
                "/api/v1/monitors/fin-web/results?from=-1000000000-01-01T00:00:00Z",
                "/api/v1/monitors/fin-web/results?to=%2B999999999-12-31T23:59:59Z",
                "/api/v1/monitors/fin-web/availability?to=%2B1000000000-12-31T23:59:59.999999999Z",
                "/api/v1/flips?from=-999999999-01-01T00:00:00Z",
                "/api/v1/audit?since=%2B10000-01-01T00:00:00Z")) {
            ApiHarness.Answer a = h.send("GET", target, Optional.empty(), ADMIN);
            assertThat(a.status()).as(target + ": " + a.body()).isEqualTo(400);
            assertThat(a.body()).contains("between the years 1 and 9999");
        }
        assertThat(h.send("GET", "/api/v1/monitors/fin-web/results?from=0001-01-01T00:00:00Z", Optional.empty(), ADMIN)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void whatJettyRefusesBeforeVitalsSeesItIsAProblemAsWell() throws IOException {
        List<byte[]> refused = List.of(
                raw.request("GET", "/api/v1/monitors")
                        .header("X-Odd", "a\u0000b")
                        .bytes(),
                raw.request("GET", "/api/v1/monitors?q=" + "q".repeat(20_000)).bytes(),
                raw.request("GET", "/api/v1/monitors/\"").bytes(),
                "BREW /pot HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        for (byte[] request : refused) {
            RawHttp.Reply r = raw.exchange("GET", request, Duration.ofSeconds(10));
            assertThat(r.status()).as(r.body()).isBetween(400, 499);
            assertThat(r.contentType()).startsWith(ApiServer.PROBLEM_JSON);
            assertThat(r.body()).contains("\"status\":" + r.status()).doesNotContain("<html", "Exception");
        }
    }
}

package dev.vitals.checks.http;

import static dev.vitals.checks.http.Targets.expect;
import static dev.vitals.checks.http.Targets.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpCheckerTest {
    private final HttpTargets server = HttpTargets.http();
    private final HttpChecker checker = new HttpChecker(SettableClock.at("2026-03-01T00:00:00Z"));

    @AfterEach
    void stop() {
        checker.close();
        server.close();
    }

    private Probe check(HttpTarget target) {
        return checker.check(target, Deadline.in(Duration.ofSeconds(5)));
    }

    static String reason(Probe p) {
        return switch (p.verdict()) {
            case Verdict.Failed f -> f.reason();
            case Verdict.Warned w -> w.reason();
            case Verdict.Passed ok -> "";
        };
    }

    @Test
    void aHealthyPagePasses() {
        server.on("/", Route.ok("all good"));
        Probe p = check(Targets.get(server.url("/")).build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(p.latency()).isPositive();
        assertThat(p.certificateExpiry()).isEmpty();
    }

    @Test
    void anUnexpectedStatusIsDownWithBothStatuses() {
        server.on("/", Route.status(503, "maintenance"));
        Probe p =
                check(Targets.get(server.url("/")).expect(expect().status(200)).build());
        assertThat(p.verdict()).isEqualTo(new Verdict.Failed("expected status 200, got 503"));
    }

    @Test
    void theDefaultStatusRangeNamesTheRange() {
        server.on("/", Route.status(500, "oops"));
        Probe p = check(Targets.get(server.url("/")).build());
        assertThat(reason(p)).isEqualTo("expected status 200-399, got 500");
    }

    @Test
    void bodyContainsAndNotContainsAreJudged() {
        server.on("/", Route.ok("status: degraded"));
        assertThat(reason(check(Targets.get(server.url("/"))
                        .expect(expect().bodyContains("status: ok"))
                        .build())))
                .isEqualTo("body does not contain \"status: ok\"");
        assertThat(reason(check(Targets.get(server.url("/"))
                        .expect(expect().bodyNotContains("degraded"))
                        .build())))
                .isEqualTo("body contains \"degraded\"");
        assertThat(check(Targets.get(server.url("/"))
                                .expect(expect().bodyContains("status").bodyNotContains("error"))
                                .build())
                        .verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void bodyMatchesFindsTheRegexAnywhere() {
        server.on("/", Route.ok("version 1.42 running"));
        assertThat(check(Targets.get(server.url("/"))
                                .expect(expect().bodyMatches("\\d+\\.\\d+"))
                                .build())
                        .verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(reason(check(Targets.get(server.url("/"))
                        .expect(expect().bodyMatches("^ok$"))
                        .build())))
                .isEqualTo("body does not match /^ok$/");
    }

    @Test
    void aCatastrophicRegexGivesUpAtTheDeadline() {
        // Backtracks through about 60^12 ways of splitting the body before saying no.
        server.on("/", Route.ok("a".repeat(60)));
        HttpTarget t = Targets.get(server.url("/"))
                .expect(expect().bodyMatches("(.*a){12}b"))
                .build();
        long start = System.nanoTime();
        Probe p = checker.check(t, Deadline.in(Duration.ofMillis(500)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(reason(p)).startsWith("gave up matching /(.*a){12}b/");
    }

    @Test
    void jsonPathsCompareAsText() {
        server.on("/health", Route.json("{\"status\":\"up\",\"db\":{\"pool\":[{\"free\":3,\"ok\":true,\"x\":null}]}}"));
        HttpTarget t = Targets.get(server.url("/health"))
                .expect(expect().json("$.status", "up")
                        .json("db.pool[0].free", "3")
                        .json("$.db.pool[0].ok", "true")
                        .json("$.db.pool[0].x", "null"))
                .build();
        assertThat(check(t).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aJsonMismatchNamesThePathAndBothValues() {
        server.on("/health", Route.json("{\"status\":\"down\"}"));
        Probe p = check(Targets.get(server.url("/health"))
                .expect(expect().json("status", "up"))
                .build());
        assertThat(reason(p)).isEqualTo("json $.status is \"down\", expected \"up\"");
    }

    @Test
    void aMissingJsonPathIsNamed() {
        server.on("/health", Route.json("{\"a\":{}}"));
        Probe p = check(Targets.get(server.url("/health"))
                .expect(expect().json("$.a.b", "1"))
                .build());
        assertThat(reason(p)).isEqualTo("json $.a.b not found");
    }

    @Test
    void aBodyThatIsNotJsonFailsJsonExpectations() {
        server.on("/health", Route.ok("<html>hello</html>"));
        Probe p = check(Targets.get(server.url("/health"))
                .expect(expect().json("$.a", "1"))
                .build());
        assertThat(reason(p)).isEqualTo("body is not JSON");
    }

    @Test
    void aFailedWarningIsWarnedNotFailed() {
        server.on("/", Route.json("{\"status\":\"degraded\"}"));
        Probe p = check(Targets.get(server.url("/"))
                .expect(expect().status(200))
                .warn(warnings().json("$.status", "up"))
                .build());
        assertThat(p.verdict()).isEqualTo(new Verdict.Warned("json $.status is \"degraded\", expected \"up\""));
    }

    @Test
    void aFailedExpectationWinsOverAFailedWarning() {
        server.on("/", Route.status(500, "x"));
        Probe p = check(Targets.get(server.url("/"))
                .expect(expect().status(200))
                .warn(warnings().bodyContains("fast"))
                .build());
        assertThat(p.verdict()).isInstanceOf(Verdict.Failed.class);
    }

    @Test
    void redirectsAreFollowedAndTheirPhasesAddUp() {
        server.on("/old", Route.redirect(301, "/new"));
        server.on("/new", Route.redirect(302, server.url("/final").toString()));
        server.on("/final", Route.ok("arrived"));
        Probe p = check(Targets.get(server.url("/old"))
                .expect(expect().status(200).bodyContains("arrived"))
                .build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(server.received()).extracting(HttpTargets.Received::path).containsExactly("/old", "/new", "/final");
    }

    @Test
    void aRedirectLoopIsNamed() {
        server.on("/a", Route.redirect(302, "/b"));
        server.on("/b", Route.redirect(302, "/a"));
        Probe p = check(Targets.get(server.url("/a")).build());
        assertThat(reason(p)).isEqualTo("redirect loop: " + server.url("/a") + " -> /b -> /a");
    }

    @Test
    void tooManyRedirectsAreDown() {
        for (int i = 0; i < 5; i++) {
            server.on("/r" + i, Route.redirect(302, "/r" + (i + 1)));
        }
        Probe p = check(Targets.get(server.url("/r0")).maxRedirects(2).build());
        assertThat(reason(p)).startsWith("more than 2 redirects: " + server.url("/r0") + " -> /r1 -> /r2 -> /r3");
    }

    @Test
    void withNoRedirectsAllowedTheRedirectItselfIsJudged() {
        server.on("/old", Route.redirect(301, "/new"));
        Probe p = check(Targets.get(server.url("/old"))
                .maxRedirects(0)
                .expect(expect().status(301))
                .build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void anEndlessBodyIsCutAtTheCapAndStillJudged() {
        server.on("/stream", Route.endless("tick "));
        HttpTarget t = Targets.get(server.url("/stream"))
                .maxBody(64 * 1024)
                .expect(expect().bodyContains("tick").bodyNotContains("tock"))
                .build();
        Probe p = check(t);
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(p.latency()).isLessThan(Duration.ofSeconds(2));

        Probe missing = check(Targets.get(server.url("/stream"))
                .maxBody(1000)
                .expect(expect().bodyContains("tock"))
                .build());
        assertThat(reason(missing)).isEqualTo("body does not contain \"tock\" (only the first 1000 bytes were read)");
    }

    @Test
    void plainHttpToAnAddressHasConnectFirstByteAndTransferButNoDnsOrTls() {
        server.on("/slow", Route.ok("late").withDelay(Duration.ofMillis(150)));
        Probe p = check(Targets.get(server.url("/slow")).build());
        assertThat(p.timings().asMap()).containsOnlyKeys(Phase.CONNECT, Phase.FIRST_BYTE, Phase.TRANSFER);
        assertThat(p.timings().get(Phase.FIRST_BYTE).orElseThrow()).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        assertThat(p.latency())
                .isGreaterThanOrEqualTo(p.timings().get(Phase.FIRST_BYTE).orElseThrow());
    }

    @Test
    void aHostNameIsLookedUpAndTimed() {
        server.on("/", Route.ok("hi"));
        Probe p = check(Targets.get(java.net.URI.create("http://localhost:" + server.port() + "/"))
                .build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(p.timings().get(Phase.DNS)).isPresent();
    }

    @Test
    void everyCheckOpensAFreshConnection() {
        server.on("/", Route.ok("hi"));
        for (int i = 0; i < 3; i++) {
            Probe p = check(Targets.get(server.url("/")).build());
            assertThat(p.timings().get(Phase.CONNECT)).isPresent();
        }
        assertThat(server.received())
                .allSatisfy(r -> assertThat(r.header("Connection")).isEqualTo("close"));
    }

    @Test
    void headSendsNoBodyAndPasses() {
        server.on("/", Route.ok("ignored"));
        Probe p = check(Targets.get(server.url("/")).method("HEAD").build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(server.lastReceived().method()).isEqualTo("HEAD");
    }

    @Test
    void postSendsTheBodyWithItsContentType() {
        server.on("/api", Route.status(201, "created"));
        Probe p = check(Targets.get(server.url("/api"))
                .method("POST")
                .header("Content-Type", "application/json")
                .body("{\"ping\":true}")
                .expect(expect().status(201))
                .build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        HttpTargets.Received r = server.lastReceived();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.body()).isEqualTo("{\"ping\":true}");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aPostWithoutBodySendsAnEmptyOne() {
        server.on("/api", Route.ok("ok"));
        check(Targets.get(server.url("/api")).method("PUT").build());
        assertThat(server.lastReceived().method()).isEqualTo("PUT");
        assertThat(server.lastReceived().body()).isEmpty();
    }

    @Test
    void theTargetsHeadersAreSentAndTheUserAgentNamesVitals() {
        server.on("/", Route.ok("ok"));
        check(Targets.get(server.url("/"))
                .header("Authorization", "Bearer t0ken")
                .header("X-Probe", "1")
                .build());
        HttpTargets.Received r = server.lastReceived();
        assertThat(r.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(r.header("X-Probe")).isEqualTo("1");
        assertThat(r.header("User-Agent")).startsWith("Vitals/");

        check(Targets.get(server.url("/")).header("User-Agent", "mine").build());
        assertThat(server.lastReceived().header("User-Agent")).isEqualTo("mine");
    }

    @Test
    void aSeeOtherRedirectAfterAPostBecomesAGet() {
        server.on("/form", Route.redirect(303, "/done"));
        server.on("/done", Route.ok("thanks"));
        check(Targets.get(server.url("/form")).method("POST").body("a=1").build());
        assertThat(server.lastReceived().method()).isEqualTo("GET");
        assertThat(server.lastReceived().path()).isEqualTo("/done");
    }

    @Test
    void anInvalidHeaderValueIsAFailureNotAnException() {
        server.on("/", Route.ok("ok"));
        Probe p = check(
                Targets.get(server.url("/")).header("X-Bad", "line\nbreak").build());
        assertThat(p.verdict()).isInstanceOf(Verdict.Failed.class);
    }
}

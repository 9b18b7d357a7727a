package dev.vitals.checks.http;

import static dev.vitals.checks.http.HttpCheckerTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.testkit.BrokenHttpServer;
import dev.vitals.testkit.BrokenHttpServer.Behaviour;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Targets that do not answer properly are down, with a reason in words, on time. */
class HttpCheckerFailuresTest {
    private final HttpChecker checker = new HttpChecker(SettableClock.at("2026-03-01T00:00:00Z"));

    @AfterEach
    void stop() {
        checker.close();
    }

    private Probe check(URI url, Duration timeout) {
        return checker.check(Targets.get(url).build(), Deadline.in(timeout));
    }

    @Test
    void aTargetThatAcceptsButNeverAnswersIsCutAtTheTimeout() {
        try (BrokenHttpServer s = BrokenHttpServer.start(Behaviour.HANG)) {
            long start = System.nanoTime();
            Probe p = check(s.url("/"), Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(reason(p)).matches("timed out after \\d+ ms while waiting for the response");
            assertThat(p.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        }
    }

    @Test
    void aRouteThatNeverAnswersIsCutAtTheTimeout() {
        try (HttpTargets s = HttpTargets.http().on("/", Route.hang())) {
            long start = System.nanoTime();
            Probe p = check(s.url("/"), Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            assertThat(reason(p)).startsWith("timed out after").endsWith("while waiting for the response");
        }
    }

    @Test
    void aBodyThatTricklesPastTheDeadlineIsCut() {
        try (HttpTargets s = HttpTargets.http().on("/", Route.trickle("x", Duration.ofMillis(5)))) {
            // A slow body and max_body far away: only the deadline can stop this read.
            Probe p = checker.check(
                    Targets.get(s.url("/")).maxBody(64L * 1024 * 1024).build(), Deadline.in(Duration.ofMillis(300)));
            assertThat(p.latency()).isLessThan(Duration.ofMillis(1500));
            assertThat(p.verdict()).isInstanceOf(Verdict.Failed.class);
            assertThat(reason(p)).startsWith("timed out after").endsWith("while reading the body");
        }
    }

    @Test
    void aClosedPortIsRefused() {
        Probe p = check(URI.create("http://127.0.0.1:" + BrokenHttpServer.unusedPort() + "/"), Duration.ofSeconds(2));
        assertThat(reason(p)).isEqualTo("connection refused while connecting");
    }

    @Test
    void anUnknownHostIsNamed() {
        Probe p = check(URI.create("http://nothing.invalid/"), Duration.ofSeconds(3));
        assertThat(reason(p)).contains("nothing.invalid").contains("DNS");
    }

    @Test
    void aResetIsNamed() {
        try (BrokenHttpServer s = BrokenHttpServer.start(Behaviour.RESET)) {
            Probe p = check(s.url("/"), Duration.ofSeconds(2));
            assertThat(reason(p)).isEqualTo("connection reset by the server while waiting for the response");
        }
    }

    @Test
    void aServerClosingMidBodyIsNamed() {
        try (BrokenHttpServer s = BrokenHttpServer.start(Behaviour.CLOSE_MID_BODY)) {
            Probe p = check(s.url("/"), Duration.ofSeconds(2));
            assertThat(reason(p)).isEqualTo("connection closed by the server while reading the body");
        }
    }

    @Test
    void aServerThatDoesNotSpeakHttpIsNamed() {
        try (BrokenHttpServer s = BrokenHttpServer.start(Behaviour.GARBAGE)) {
            Probe p = check(s.url("/"), Duration.ofSeconds(2));
            assertThat(reason(p)).startsWith("not a valid HTTP response:").contains("GARBAGE");
        }
    }
}

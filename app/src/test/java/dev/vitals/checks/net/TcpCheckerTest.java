package dev.vitals.checks.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.monitors.Regex;
import dev.vitals.monitors.TcpTarget;
import dev.vitals.monitors.TcpTarget.Expect;
import dev.vitals.testkit.TcpServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TcpCheckerTest {
    private final TcpChecker checker = new TcpChecker();

    private static Expect banner(String regex) {
        return new Expect(Optional.of(Regex.of(regex)), Optional.empty());
    }

    private static Expect contains(String text) {
        return new Expect(Optional.empty(), Optional.of(text));
    }

    private Probe check(int port, Optional<String> send, Expect expect, Expect warn, long timeoutMillis) {
        return checker.check(
                new TcpTarget("127.0.0.1", port, send, expect, warn), Deadline.in(Duration.ofMillis(timeoutMillis)));
    }

    @Test
    void aPortThatAcceptsIsUpWithoutExpectations() {
        try (var server = TcpServer.silent()) {
            Probe p = check(server.port(), Optional.empty(), Expect.NONE, Expect.NONE, 2000);
            assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
            assertThat(p.timings().get(Phase.CONNECT)).isPresent();
            assertThat(p.timings().get(Phase.DNS)).isEmpty();
        }
    }

    @Test
    void aRefusedConnectionIsDownInWords() {
        Probe p = check(TcpServer.unusedPort(), Optional.empty(), Expect.NONE, Expect.NONE, 2000);
        assertThat(p.verdict()).isEqualTo(new Verdict.Failed("connection refused while connecting"));
    }

    @Test
    void anUnknownHostIsDownInWords() {
        Probe p = checker.check(
                new TcpTarget("no-such-host.invalid", 25, Optional.empty(), Expect.NONE, Expect.NONE),
                Deadline.in(Duration.ofSeconds(2)));
        assertThat(p.verdict()).isEqualTo(new Verdict.Failed("host no-such-host.invalid not found in DNS"));
    }

    @Test
    void aMatchingBannerIsUpWithoutWaitingForTheTimeout() {
        try (var server = TcpServer.banner("220 mail.example.org ESMTP\r\n")) {
            Probe p = check(server.port(), Optional.empty(), banner("^220 "), Expect.NONE, 5000);
            assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
            assertThat(p.latency()).isLessThan(Duration.ofSeconds(1));
            assertThat(p.timings().get(Phase.FIRST_BYTE)).isPresent();
        }
    }

    @Test
    void aBannerThatDoesNotMatchIsDownAndQuotesWhatCame() {
        try (var server = TcpServer.banner("500 go away\r\n")) {
            Probe p = check(server.port(), Optional.empty(), banner("^220"), Expect.NONE, 300);
            assertThat(p.verdict())
                    .isEqualTo(
                            new Verdict.Failed(
                                    "timed out after 300 ms waiting for banner matching ^220 (received \"500 go away\\r\\n\")"));
        }
    }

    @Test
    void aBannerThatDoesNotMatchBeforeTheServerClosesSaysWhatItGot() {
        try (var server = TcpServer.start(s -> s.getOutputStream().write("500 go away\r\n".getBytes()))) {
            Probe p = check(server.port(), Optional.empty(), banner("^220"), Expect.NONE, 2000);
            assertThat(p.verdict())
                    .isEqualTo(new Verdict.Failed("banner does not match ^220: got \"500 go away\\r\\n\""));
        }
    }

    @Test
    void longBinaryRepliesAreQuotedShortAndOnOneLine() {
        String junk = "\u0001\u0002" + "x".repeat(200);
        try (var server = TcpServer.start(s -> s.getOutputStream().write(junk.getBytes()))) {
            Probe p = check(server.port(), Optional.empty(), banner("^220"), Expect.NONE, 2000);
            String reason = ((Verdict.Failed) p.verdict()).reason();
            assertThat(reason)
                    .startsWith("banner does not match ^220: got \"\\x01\\x02xxx")
                    .endsWith("…\"");
            assertThat(reason).hasSizeLessThan(130).doesNotContain("\n");
        }
    }

    @Test
    void whatIsSentIsAnsweredAndTheReplyJudged() {
        try (var server = TcpServer.lines("", line -> line.equals("PING") ? "+PONG\r\n" : "-ERR unknown\r\n")) {
            assertThat(check(server.port(), Optional.of("PING\r\n"), contains("+PONG"), Expect.NONE, 2000)
                            .verdict())
                    .isEqualTo(Verdict.PASSED);
            assertThat(check(server.port(), Optional.of("HELLO\r\n"), contains("+PONG"), Expect.NONE, 300)
                            .verdict())
                    .isEqualTo(new Verdict.Failed("timed out after 300 ms waiting for reply containing \"+PONG\""
                            + " (received \"-ERR unknown\\r\\n\")"));
        }
    }

    @Test
    void aSilentServerWithAnExpectationTimesOutOnTime() {
        try (var server = TcpServer.silent()) {
            long start = System.nanoTime();
            Probe p = check(server.port(), Optional.empty(), banner("^220"), Expect.NONE, 300);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(((Verdict.Failed) p.verdict()).reason())
                    .isEqualTo("timed out after 300 ms waiting for banner matching ^220 (nothing received)");
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1000));
        }
    }

    @Test
    void aFailedWarningIsDegradedWhenTheExpectationHolds() {
        try (var server = TcpServer.banner("220 mail ready, old version 1.2\r\n")) {
            Probe p = check(server.port(), Optional.empty(), banner("^220"), contains("version 2"), 300);
            assertThat(p.verdict()).isInstanceOf(Verdict.Warned.class);
            assertThat(((Verdict.Warned) p.verdict()).reason())
                    .isEqualTo("timed out after 300 ms waiting for banner containing \"version 2\""
                            + " (received \"220 mail ready, old version 1.2\\r\\n\")");
        }
    }

    @Test
    void aFailedWarningAfterTheServerClosesSaysWhatCame() {
        try (var server = TcpServer.start(s -> s.getOutputStream().write("220 ready v1\r\n".getBytes()))) {
            Probe p = check(server.port(), Optional.empty(), banner("^220"), contains("v2"), 2000);
            assertThat(p.verdict())
                    .isEqualTo(new Verdict.Warned("banner does not contain \"v2\": got \"220 ready v1\\r\\n\""));
        }
    }
}

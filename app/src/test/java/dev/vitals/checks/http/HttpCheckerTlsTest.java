package dev.vitals.checks.http;

import static dev.vitals.checks.http.HttpCheckerTest.reason;
import static dev.vitals.checks.http.Targets.expect;
import static java.time.temporal.ChronoUnit.DAYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.testkit.BrokenHttpServer;
import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.Certificates.Authority;
import dev.vitals.testkit.Certificates.Leaf;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS targets: whom the check trusts, what it says about certificates it refuses, and when they expire. */
class HttpCheckerTlsTest {
    private static final Authority CA = Certificates.authority("Vitals Test CA");

    @TempDir
    Path dir;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final SettableClock clock = new SettableClock(now);
    private final HttpChecker checker = new HttpChecker(clock);
    private HttpTargets server;

    @AfterEach
    void stop() {
        checker.close();
        if (server != null) {
            server.close();
        }
    }

    private HttpTargets serve(Leaf leaf) {
        server = HttpTargets.https(leaf.serverContext()).on("/", Route.ok("secure hello"));
        return server;
    }

    private Probe check(HttpTarget t) {
        return checker.check(t, Deadline.in(Duration.ofSeconds(5)));
    }

    private Path caFile() {
        return CA.writePem(dir.resolve("ca.pem"));
    }

    private Leaf valid(String... names) {
        return CA.issue("vitals test", now.minus(1, DAYS), now.plus(90, DAYS), names);
    }

    @Test
    void aCertificateFromTheCaFileIsTrustedAndTimed() {
        Leaf leaf = valid("127.0.0.1");
        serve(leaf);
        Probe p = check(Targets.get(server.url("/")).caFile(caFile()).build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(p.timings().asMap()).containsOnlyKeys(Phase.CONNECT, Phase.TLS, Phase.FIRST_BYTE, Phase.TRANSFER);
        assertThat(p.certificateExpiry())
                .contains(leaf.certificate().getNotAfter().toInstant());
    }

    @Test
    void theTlsPhaseIsMeasuredOnEveryCheck() {
        serve(valid("127.0.0.1"));
        HttpTarget t = Targets.get(server.url("/")).caFile(caFile()).build();
        for (int i = 0; i < 3; i++) {
            assertThat(check(t).timings().get(Phase.TLS)).isPresent();
        }
    }

    @Test
    void anExpiredCertificateIsDownWithItsDate() {
        Instant notAfter = now.minus(2, DAYS);
        Leaf leaf = CA.issue("old", now.minus(400, DAYS), notAfter, "127.0.0.1");
        serve(leaf);
        Probe p = check(Targets.get(server.url("/")).caFile(caFile()).build());
        String day = notAfter.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(reason(p)).isEqualTo("TLS handshake failed: certificate expired on " + day);
        assertThat(p.certificateExpiry())
                .contains(leaf.certificate().getNotAfter().toInstant());
    }

    @Test
    void aCertificateNotYetValidIsDown() {
        serve(CA.issue("early", now.plus(3, DAYS), now.plus(90, DAYS), "127.0.0.1"));
        Probe p = check(Targets.get(server.url("/")).caFile(caFile()).build());
        assertThat(reason(p)).startsWith("TLS handshake failed: certificate is not valid before ");
    }

    @Test
    void aSelfSignedCertificateIsNotTrusted() {
        serve(Certificates.selfSigned("me", now.minus(1, DAYS), now.plus(30, DAYS), "127.0.0.1"));
        Probe p = check(Targets.get(server.url("/")).build());
        assertThat(reason(p)).isEqualTo("TLS handshake failed: self-signed certificate is not trusted");
    }

    @Test
    void aCertificateFromAnUnknownAuthorityIsNotTrusted() {
        Authority other = Certificates.authority("Somebody Else CA");
        serve(other.issue("x", now.minus(1, DAYS), now.plus(30, DAYS), "127.0.0.1"));
        Probe p = check(Targets.get(server.url("/")).caFile(caFile()).build());
        assertThat(reason(p))
                .isEqualTo("TLS handshake failed: certificate issued by \"Somebody Else CA\" is not trusted");
    }

    @Test
    void withVerifyOffAnyCertificatePassesAndItsExpiryIsStillRead() {
        Leaf leaf = Certificates.selfSigned("me", now.minus(1, DAYS), now.plus(30, DAYS), "wrong.example");
        serve(leaf);
        Probe p = check(Targets.get(server.url("/")).verify(false).build());
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(p.certificateExpiry())
                .contains(leaf.certificate().getNotAfter().toInstant());
        assertThat(p.timings().get(Phase.TLS)).isPresent();
    }

    @Test
    void aCertificateForAnotherNameIsDownNamingBoth() {
        Leaf leaf = valid("other.example");
        serve(leaf);
        Probe p = check(Targets.get(server.url("/")).caFile(caFile()).build());
        assertThat(reason(p)).isEqualTo("TLS handshake failed: certificate is for other.example, not 127.0.0.1");
        assertThat(p.certificateExpiry())
                .contains(leaf.certificate().getNotAfter().toInstant());
    }

    @Test
    void aCertificateCloseToExpiryFailsItsDaysLeftAssertion() {
        Instant notAfter = now.plus(3, DAYS);
        serve(CA.issue("short", now.minus(1, DAYS), notAfter, "127.0.0.1"));
        HttpTarget t = Targets.get(server.url("/"))
                .caFile(caFile())
                .expect(expect().certDaysLeftAtLeast(14))
                .build();

        clock.set(notAfter.minus(30, DAYS));
        assertThat(check(t).verdict()).isEqualTo(Verdict.PASSED);

        clock.set(notAfter.minus(3, DAYS).minusSeconds(60));
        assertThat(check(t).verdict())
                .isEqualTo(new Verdict.Failed("certificate expires in 3 days (at least 14 wanted)"));
    }

    @Test
    void certificateDaysLeftCanBeAWarning() {
        Instant notAfter = now.plus(10, DAYS);
        serve(CA.issue("short", now.minus(1, DAYS), notAfter, "127.0.0.1"));
        HttpTarget t = Targets.get(server.url("/"))
                .caFile(caFile())
                .warn(Targets.warnings().certDaysLeftAtLeast(30))
                .build();
        assertThat(check(t).verdict()).isInstanceOf(Verdict.Warned.class);
    }

    @Test
    void aMissingCaFileIsNamed() {
        serve(valid("127.0.0.1"));
        Path missing = dir.resolve("nope.pem");
        Probe p = check(Targets.get(server.url("/")).caFile(missing).build());
        assertThat(reason(p)).isEqualTo("could not read ca_file " + missing + ": no such file");
    }

    @Test
    void daysLeftOnPlainHttpSaysThereIsNoCertificate() {
        try (HttpTargets plain = HttpTargets.http().on("/", Route.ok("hi"))) {
            Probe p = check(Targets.get(plain.url("/"))
                    .expect(expect().certDaysLeftAtLeast(1))
                    .build());
            assertThat(reason(p)).isEqualTo("no certificate to check: the response did not come over HTTPS");
        }
    }

    @Test
    void aServerThatNeverStartsTheHandshakeIsCutAtTheTimeout() {
        try (BrokenHttpServer s = BrokenHttpServer.start(BrokenHttpServer.Behaviour.HANG)) {
            URI url = URI.create(s.url("/").toString().replace("http:", "https:"));
            Probe p = checker.check(Targets.get(url).build(), Deadline.in(Duration.ofMillis(300)));
            assertThat(p.latency()).isLessThan(Duration.ofMillis(1500));
            assertThat(reason(p)).startsWith("timed out after").endsWith("while making the TLS handshake");
        }
    }
}

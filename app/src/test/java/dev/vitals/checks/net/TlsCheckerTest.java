package dev.vitals.checks.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.monitors.TlsTarget;
import dev.vitals.monitors.TlsTarget.Expect;
import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TcpServer;
import dev.vitals.testkit.TlsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCheckerTest {
    private static final Certificates.Authority CA = Certificates.authority("Test CA");
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(NOW);
    private final TlsChecker checker = new TlsChecker(clock);

    private static Certificates.Leaf issued(Instant notBefore, Instant notAfter) {
        return CA.issue("localhost", notBefore, notAfter, "localhost", "127.0.0.1");
    }

    private static Certificates.Leaf valid() {
        return issued(NOW.minus(1, ChronoUnit.DAYS), NOW.plus(90, ChronoUnit.DAYS));
    }

    private Path caFile() {
        return CA.writePem(dir.resolve("ca.pem"));
    }

    private Probe check(TlsServer server, String serverName, Optional<Path> caFile, Expect expect, Expect warn) {
        return checker.check(
                new TlsTarget(server.host(), server.port(), Optional.of(serverName), caFile, expect, warn),
                Deadline.in(Duration.ofSeconds(3)));
    }

    private static String reason(Probe p) {
        return switch (p.verdict()) {
            case Verdict.Failed f -> f.reason();
            case Verdict.Warned w -> w.reason();
            case Verdict.Passed x -> "passed";
        };
    }

    @Test
    void aChainToTheCaFileIsUpAndCarriesTheExpiry() {
        var leaf = valid();
        try (var server = TlsServer.serving(leaf)) {
            Probe p = check(server, "localhost", Optional.of(caFile()), Expect.DEFAULT, Expect.NONE);
            assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
            assertThat(p.certificateExpiry())
                    .contains(leaf.certificate().getNotAfter().toInstant());
            assertThat(p.timings().get(Phase.CONNECT)).isPresent();
            assertThat(p.timings().get(Phase.TLS)).isPresent();
        }
    }

    @Test
    void anIpAddressIsMatchedAgainstTheIpNamesOfTheCertificate() {
        try (var server = TlsServer.serving(valid())) {
            Probe p = checker.check(
                    new TlsTarget(
                            "127.0.0.1",
                            server.port(),
                            Optional.empty(),
                            Optional.of(caFile()),
                            Expect.DEFAULT,
                            Expect.NONE),
                    Deadline.in(Duration.ofSeconds(3)));
            assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        }
    }

    @Test
    void aSelfSignedCertificateIsNotTrustedByTheJdkRoots() {
        var leaf = Certificates.selfSigned(
                "localhost", NOW.minus(1, ChronoUnit.DAYS), NOW.plus(90, ChronoUnit.DAYS), "localhost");
        try (var server = TlsServer.serving(leaf)) {
            Probe p = check(server, "localhost", Optional.empty(), Expect.DEFAULT, Expect.NONE);
            assertThat(p.verdict()).isEqualTo(new Verdict.Failed("self-signed certificate not trusted (CN=localhost)"));
            assertThat(p.certificateExpiry())
                    .contains(leaf.certificate().getNotAfter().toInstant());
        }
    }

    @Test
    void aCertificateFromAnotherCaIsNotTrustedByTheCaFile() {
        var other = Certificates.authority("Other CA");
        try (var server = TlsServer.serving(
                other.issue("localhost", NOW.minus(1, ChronoUnit.DAYS), NOW.plus(9, ChronoUnit.DAYS), "localhost"))) {
            Probe p = check(server, "localhost", Optional.of(caFile()), Expect.DEFAULT, Expect.NONE);
            assertThat(reason(p))
                    .startsWith("certificate not trusted: no chain from CN=Other CA to the certificates in ");
        }
    }

    @Test
    void chainValidFalseAcceptsASelfSignedCertificate() {
        var leaf = Certificates.selfSigned(
                "localhost", NOW.minus(1, ChronoUnit.DAYS), NOW.plus(90, ChronoUnit.DAYS), "localhost");
        try (var server = TlsServer.serving(leaf)) {
            Probe p = check(
                    server, "localhost", Optional.empty(), new Expect(OptionalInt.empty(), false, true), Expect.NONE);
            assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        }
    }

    @Test
    void anExpiredCertificateIsDownAndSaysWhen() {
        Instant end = NOW.minus(3, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS);
        try (var server = TlsServer.serving(issued(NOW.minus(60, ChronoUnit.DAYS), end))) {
            Probe p = check(server, "localhost", Optional.of(caFile()), Expect.DEFAULT, Expect.NONE);
            assertThat(p.verdict())
                    .isEqualTo(new Verdict.Failed(
                            "certificate expired 3 days ago on " + LocalDate.ofInstant(end, ZoneOffset.UTC)));
            assertThat(p.certificateExpiry()).contains(end);
        }
    }

    @Test
    void aCertificateNotValidYetIsDown() {
        Instant start = NOW.plus(2, ChronoUnit.DAYS);
        try (var server = TlsServer.serving(issued(start, NOW.plus(60, ChronoUnit.DAYS)))) {
            Probe p = check(server, "localhost", Optional.of(caFile()), Expect.DEFAULT, Expect.NONE);
            assertThat(p.verdict())
                    .isEqualTo(new Verdict.Failed(
                            "certificate not valid yet: valid from " + LocalDate.ofInstant(start, ZoneOffset.UTC)));
        }
    }

    @Test
    void aCertificateForAnotherNameIsDownUnlessHostnameValidIsOff() {
        try (var server = TlsServer.serving(valid())) {
            Probe p = check(server, "intranet.example.org", Optional.of(caFile()), Expect.DEFAULT, Expect.NONE);
            assertThat(p.verdict())
                    .isEqualTo(new Verdict.Failed(
                            "certificate not valid for intranet.example.org (it is for localhost, 127.0.0.1)"));
            Probe off = check(
                    server,
                    "intranet.example.org",
                    Optional.of(caFile()),
                    new Expect(OptionalInt.empty(), true, false),
                    Expect.NONE);
            assertThat(off.verdict()).isEqualTo(Verdict.PASSED);
        }
    }

    @Test
    void daysLeftAreCountedWithTheInjectedClock() {
        var leaf = valid();
        Instant notAfter = leaf.certificate().getNotAfter().toInstant();
        clock.set(notAfter.minus(10, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS));
        try (var server = TlsServer.serving(leaf)) {
            Probe down = check(
                    server,
                    "localhost",
                    Optional.of(caFile()),
                    new Expect(OptionalInt.of(14), true, true),
                    Expect.NONE);
            assertThat(down.verdict())
                    .isEqualTo(new Verdict.Failed("certificate expires in 10 days (at least 14 wanted)"));
            Probe degraded = check(
                    server,
                    "localhost",
                    Optional.of(caFile()),
                    new Expect(OptionalInt.of(7), true, true),
                    new Expect(OptionalInt.of(30), false, false));
            assertThat(degraded.verdict())
                    .isEqualTo(new Verdict.Warned("certificate expires in 10 days (at least 30 wanted)"));
            Probe up = check(
                    server,
                    "localhost",
                    Optional.of(caFile()),
                    new Expect(OptionalInt.of(10), true, true),
                    Expect.NONE);
            assertThat(up.verdict()).isEqualTo(Verdict.PASSED);
        }
    }

    @Test
    void everyProblemIsReportedMostSevereFirst() {
        var leaf = Certificates.selfSigned(
                "old",
                NOW.minus(60, ChronoUnit.DAYS),
                NOW.minus(1, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS),
                "old.example.org");
        try (var server = TlsServer.serving(leaf)) {
            Probe p = check(server, "localhost", Optional.empty(), Expect.DEFAULT, Expect.NONE);
            assertThat(reason(p))
                    .isEqualTo("certificate expired 1 day ago on "
                            + LocalDate.ofInstant(
                                    leaf.certificate().getNotAfter().toInstant(), ZoneOffset.UTC)
                            + "; self-signed certificate not trusted (CN=old)"
                            + "; certificate not valid for localhost (it is for old.example.org)");
        }
    }

    @Test
    void aPlainTextPortIsDownInWords() {
        try (var server = TcpServer.banner("220 mail ready\r\n")) {
            Probe p = checker.check(
                    new TlsTarget(
                            "127.0.0.1",
                            server.port(),
                            Optional.empty(),
                            Optional.empty(),
                            Expect.DEFAULT,
                            Expect.NONE),
                    Deadline.in(Duration.ofSeconds(2)));
            assertThat(p.verdict())
                    .isEqualTo(new Verdict.Failed(
                            "TLS handshake failed: the server did not answer in TLS (is this port plain text?)"));
            assertThat(p.certificateExpiry()).isEmpty();
        }
    }

    @Test
    void aServerThatDripsItsHandshakeAByteAtATimeIsCutAtTheTimeout() {
        // Each byte comes well within a read timeout, so only a deadline on the whole handshake ends it.
        try (var server = TcpServer.start(socket -> {
            var out = socket.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}); // a 16 KiB handshake record follows
            out.flush();
            for (int i = 0; i < 16_384; i++) {
                out.write(0);
                out.flush();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        })) {
            long start = System.nanoTime();
            Probe p = checker.check(
                    new TlsTarget(
                            "127.0.0.1",
                            server.port(),
                            Optional.empty(),
                            Optional.empty(),
                            Expect.DEFAULT,
                            Expect.NONE),
                    Deadline.in(Duration.ofMillis(400)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1200));
            assertThat(reason(p)).startsWith("timed out after ");
        }
    }

    @Test
    void aServerSilentDuringTheHandshakeIsCutAtTheTimeout() {
        try (var server = TcpServer.silent()) {
            Probe p = checker.check(
                    new TlsTarget(
                            "127.0.0.1",
                            server.port(),
                            Optional.empty(),
                            Optional.empty(),
                            Expect.DEFAULT,
                            Expect.NONE),
                    Deadline.in(Duration.ofMillis(300)));
            assertThat(reason(p)).startsWith("timed out after ").endsWith(" while doing the TLS handshake");
            assertThat(p.latency()).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aMissingCaFileIsNamed() {
        try (var server = TlsServer.serving(valid())) {
            Path missing = dir.resolve("missing.pem");
            Probe p = check(server, "localhost", Optional.of(missing), Expect.DEFAULT, Expect.NONE);
            assertThat(p.verdict())
                    .isEqualTo(new Verdict.Failed(
                            "cannot judge the certificate chain: ca_file " + missing + " does not exist"));
        }
    }
}

package dev.vitals.checks.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.monitors.DnsTarget;
import dev.vitals.monitors.DnsTarget.Expect;
import dev.vitals.monitors.HostPort;
import dev.vitals.testkit.DnsResponder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsCheckerTest {
    private final DnsChecker checker = new DnsChecker();
    private final DnsResponder dns = DnsResponder.start()
            .add("www.example.org", "A", "10.0.0.10")
            .add("www.example.org", "A", "10.0.0.11")
            .add("www.example.org", "AAAA", "2001:db8::10")
            .add("alias.example.org", "CNAME", "www.example.org.")
            .add("example.org", "MX", "10 mail.example.org.")
            .add("example.org", "MX", "20 backup.example.org.")
            .add("example.org", "NS", "ns1.example.org.")
            .add("example.org", "TXT", "\"v=spf1 \" \"-all\"")
            .add("empty.example.org", "TXT", "\"only text here\"");

    @AfterEach
    void stop() {
        dns.close();
    }

    private Probe check(String name, String record, Expect expect, Expect warn) {
        return check(name, record, expect, warn, 2000);
    }

    private Probe check(String name, String record, Expect expect, Expect warn, long timeoutMillis) {
        return checker.check(
                new DnsTarget(name, record, Optional.of(new HostPort(dns.host(), dns.port())), expect, warn),
                Deadline.in(Duration.ofMillis(timeoutMillis)));
    }

    private static Expect includes(String... values) {
        return new Expect(List.of(values), Optional.empty(), Optional.empty());
    }

    private static Expect min(int n) {
        return new Expect(List.of(), Optional.empty(), Optional.of(n));
    }

    @Test
    void everyRecordTypeIsAskedAndCompared() {
        assertThat(check("www.example.org", "A", includes("10.0.0.10", "10.0.0.11"), Expect.NONE)
                        .verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(check("www.example.org", "AAAA", includes("2001:0db8:0:0::10"), Expect.NONE)
                        .verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(check("alias.example.org", "CNAME", includes("WWW.example.org"), Expect.NONE)
                        .verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(check("example.org", "MX", includes("10 mail.example.org", "backup.example.org."), Expect.NONE)
                        .verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(check("example.org", "NS", includes("ns1.example.org."), Expect.NONE)
                        .verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(check("example.org", "TXT", includes("v=spf1 -all"), Expect.NONE)
                        .verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void theQueryIsTimedAsDns() {
        Probe p = check("www.example.org", "A", Expect.NONE, Expect.NONE);
        assertThat(p.timings().get(Phase.DNS)).isPresent();
        assertThat(p.timings().asMap()).containsOnlyKeys(Phase.DNS);
    }

    @Test
    void aMissingAnswerIsDownAndNamesWhatCame() {
        Probe p = check("www.example.org", "A", includes("10.0.0.12"), Expect.NONE);
        assertThat(p.verdict())
                .isEqualTo(new Verdict.Failed("answers [10.0.0.10, 10.0.0.11] do not include 10.0.0.12"));
        Probe mx = check("example.org", "MX", includes("20 mail.example.org"), Expect.NONE);
        assertThat(mx.verdict())
                .isEqualTo(new Verdict.Failed(
                        "answers [10 mail.example.org, 20 backup.example.org] do not include 20 mail.example.org"));
    }

    @Test
    void aMissingAnswerInWarnIsDegraded() {
        Probe p = check("www.example.org", "A", includes("10.0.0.10"), includes("10.0.0.12"));
        assertThat(p.verdict())
                .isEqualTo(new Verdict.Warned("answers [10.0.0.10, 10.0.0.11] do not include 10.0.0.12"));
    }

    @Test
    void aNameThatDoesNotExistIsDown() {
        Probe p = check("intranet.example.org", "A", Expect.NONE, Expect.NONE);
        assertThat(p.verdict()).isEqualTo(new Verdict.Failed("NXDOMAIN: intranet.example.org does not exist"));
    }

    @Test
    void nxdomainIsUpWhenItIsExpected() {
        Expect nx = new Expect(List.of(), Optional.of("NXDOMAIN"), Optional.empty());
        assertThat(check("old.example.org", "A", nx, Expect.NONE).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(check("www.example.org", "A", nx, Expect.NONE).verdict())
                .isEqualTo(new Verdict.Failed("NOERROR: www.example.org exists (2 A records), expected NXDOMAIN"));
    }

    @Test
    void aServerFailureIsDownAndNamesTheServer() {
        dns.mode(DnsResponder.Mode.SERVFAIL);
        Probe p = check("www.example.org", "A", Expect.NONE, Expect.NONE);
        assertThat(p.verdict()).isEqualTo(new Verdict.Failed("SERVFAIL from " + dns.address()));
    }

    @Test
    void aServerThatDoesNotAnswerIsCutAtTheTimeout() {
        dns.mode(DnsResponder.Mode.SILENT);
        long start = System.nanoTime();
        Probe p = check("www.example.org", "A", Expect.NONE, Expect.NONE, 300);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(p.verdict()).isEqualTo(new Verdict.Failed("no answer from " + dns.address() + " within 300 ms"));
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1000));
    }

    @Test
    void aTruncatedUdpAnswerIsAskedAgainOverTcp() {
        dns.mode(DnsResponder.Mode.TRUNCATE_UDP);
        Probe p = check("www.example.org", "A", includes("10.0.0.10"), Expect.NONE);
        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(dns.udpQueries()).isEqualTo(1);
        assertThat(dns.tcpQueries()).isEqualTo(1);
    }

    @Test
    void anEmptyAnswerIsDownUnlessMinAnswersIsZero() {
        assertThat(check("empty.example.org", "A", Expect.NONE, Expect.NONE).verdict())
                .isEqualTo(new Verdict.Failed("no A records for empty.example.org"));
        assertThat(check("empty.example.org", "A", min(0), Expect.NONE).verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void tooFewAnswersAreDownOrDegraded() {
        assertThat(check("www.example.org", "A", min(3), Expect.NONE).verdict())
                .isEqualTo(new Verdict.Failed("only 2 A records for www.example.org (at least 3 wanted)"));
        assertThat(check("www.example.org", "A", min(2), min(3)).verdict())
                .isEqualTo(new Verdict.Warned("only 2 A records for www.example.org (at least 3 wanted)"));
    }

    @Test
    void aCnameIsFollowedForAddressQueries() {
        assertThat(check("alias.example.org", "A", includes("10.0.0.11"), Expect.NONE)
                        .verdict())
                .isEqualTo(Verdict.PASSED);
    }
}

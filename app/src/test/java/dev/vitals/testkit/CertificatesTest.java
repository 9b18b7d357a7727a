package dev.vitals.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class CertificatesTest {
    @Test
    void issuedLeavesCarryTheirDatesAndChain() throws Exception {
        var ca = Certificates.authority("Test CA");
        Instant end = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        var leaf = ca.issue("localhost", Instant.now().minus(1, ChronoUnit.DAYS), end, "localhost", "127.0.0.1");
        assertThat(leaf.certificate().getNotAfter().toInstant()).isEqualTo(end);
        assertThat(leaf.chain()).hasSize(2);
        leaf.certificate().verify(ca.certificate().getPublicKey());
        assertThat(leaf.certificate().getSubjectAlternativeNames()).hasSize(2);
        assertThat(leaf.serverContext()).isNotNull();
    }
}

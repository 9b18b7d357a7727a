package dev.vitals.checks.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostnameMatchTest {
    @Test
    void aWildcardStandsForExactlyOneLeftmostLabel() {
        assertThat(HostnameMatch.dnsMatches("*.example.org", "www.example.org")).isTrue();
        assertThat(HostnameMatch.dnsMatches("*.example.org", "example.org")).isFalse();
        assertThat(HostnameMatch.dnsMatches("*.example.org", "a.b.example.org")).isFalse();
        assertThat(HostnameMatch.dnsMatches("*.org", "example.org")).isFalse();
        assertThat(HostnameMatch.dnsMatches("www.example.org", "www.example.org"))
                .isTrue();
    }
}

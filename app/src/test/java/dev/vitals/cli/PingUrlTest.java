package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingUrlTest {
    @Test
    void startAndExitStatusAreAddedToThePathWithTheRunId() {
        PingUrl url = PingUrl.parse("https://vitals.example/ping/abc/").orElseThrow();
        assertThat(url.start("R").toString()).isEqualTo("https://vitals.example/ping/abc/start?rid=R");
        assertThat(url.exitStatus(3, "R").toString()).isEqualTo("https://vitals.example/ping/abc/3?rid=R");
        assertThat(url.shown()).isEqualTo("https://vitals.example/ping/abc");
    }

    @Test
    void aQueryAlreadyInTheUrlIsKeptAndHiddenFromMessages() {
        PingUrl url = PingUrl.parse("http://127.0.0.1:8080/ping/k%20y?create=1&token=s3cret")
                .orElseThrow();
        assertThat(url.start("R").toString())
                .isEqualTo("http://127.0.0.1:8080/ping/k%20y/start?create=1&token=s3cret&rid=R");
        assertThat(url.shown()).isEqualTo("http://127.0.0.1:8080/ping/k%20y").doesNotContain("s3cret");
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAreAccepted() {
        assertThat(PingUrl.parse("HTTP://host/ping/x")).isPresent();
        assertThat(PingUrl.parse("ftp://host/ping/x")).isEmpty();
        assertThat(PingUrl.parse("/ping/x")).isEmpty();
        assertThat(PingUrl.parse("http:///ping/x")).isEmpty();
        assertThat(PingUrl.parse("http://host/ping x")).isEmpty();
        assertThat(PingUrl.parse("vitals.example/ping/x")).isEmpty();
    }
}

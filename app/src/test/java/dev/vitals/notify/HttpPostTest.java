package dev.vitals.notify;

import static dev.vitals.notify.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TcpServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How every HTTP channel judges an answer, against real HTTP servers on loopback. */
class HttpPostTest {
    SettableClock clock = new SettableClock(T0);
    Claimed n = Messages.claimed("slack", "{\"text\":\"hello\"}");

    @Test
    void aTwoHundredIsSentWithTheIdempotencyKeyAndTheExtraHeaders() {
        try (HttpTargets target = HttpTargets.http().on("/in", Route.status(202, "accepted"))) {
            Delivery d = post(target.url("/in"), Duration.ofSeconds(5))
                    .send(n, Duration.ofSeconds(10), Map.of("X-Extra", "yes"));

            assertThat(d).isEqualTo(new Delivery.Sent(Optional.of(202)));
            HttpTargets.Received r = target.lastReceived();
            assertThat(r.header("Idempotency-Key")).isEqualTo("n-0001");
            assertThat(r.header("X-Extra")).isEqualTo("yes");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.body()).isEqualTo("{\"text\":\"hello\"}");
        }
    }

    @Test
    void aServerErrorIsRetriedWithAnExcerptOfTheAnswer() {
        try (HttpTargets target = HttpTargets.http().on("/in", Route.status(503, "x".repeat(500)))) {
            Delivery d = post(target.url("/in"), Duration.ofSeconds(5)).send(n, Duration.ofSeconds(10), Map.of());

            assertThat(d).isInstanceOfSatisfying(Delivery.Retry.class, r -> {
                assertThat(r.status()).contains(503);
                assertThat(r.why()).startsWith("HTTP 503: xxx").endsWith("…").hasSizeLessThan(220);
            });
        }
    }

    @Test
    void tooManyRequestsIsRetriedWhenRetryAfterSaysInSecondsOrAsADate() {
        try (HttpTargets target = HttpTargets.http()
                .on("/s", Route.status(429, "slow down").withHeader("Retry-After", "30"))
                .on("/d", Route.status(429, "slow down").withHeader("Retry-After", "Fri, 20 Nov 2026 10:02:00 GMT"))) {
            HttpPost seconds = post(target.url("/s"), Duration.ofSeconds(5));
            HttpPost date = post(target.url("/d"), Duration.ofSeconds(5));

            assertThat(seconds.send(n, Duration.ofSeconds(10), Map.of()))
                    .isEqualTo(new Delivery.Retry(
                            "HTTP 429: slow down", Optional.of(Duration.ofSeconds(30)), Optional.of(429)));
            assertThat(date.send(n, Duration.ofSeconds(10), Map.of()))
                    .isEqualTo(new Delivery.Retry(
                            "HTTP 429: slow down", Optional.of(Duration.ofMinutes(2)), Optional.of(429)));
        }
    }

    @Test
    void aClientErrorFailsForGood() {
        try (HttpTargets target = HttpTargets.http().on("/in", Route.status(404, "channel_not_found"))) {
            Delivery d = post(target.url("/in"), Duration.ofSeconds(5)).send(n, Duration.ofSeconds(10), Map.of());

            assertThat(d).isEqualTo(new Delivery.Failed("HTTP 404: channel_not_found", Optional.of(404)));
        }
    }

    @Test
    void aRedirectIsNotFollowedAndFailsForGood() {
        try (HttpTargets target =
                HttpTargets.http().on("/old", Route.redirect(301, "/new")).on("/new", Route.ok("ok"))) {
            Delivery d = post(target.url("/old"), Duration.ofSeconds(5)).send(n, Duration.ofSeconds(10), Map.of());

            assertThat(d).isInstanceOf(Delivery.Failed.class);
            assertThat(d.status()).contains(301);
            assertThat(target.received()).hasSize(1);
        }
    }

    @Test
    void aServerThatHangsIsCutAtTheShorterOfTimeoutAndDeadline() {
        try (HttpTargets target = HttpTargets.http().on("/in", Route.hang())) {
            Delivery d = post(target.url("/in"), Duration.ofSeconds(5)).send(n, Duration.ofMillis(200), Map.of());

            assertThat(d).isEqualTo(new Delivery.Retry("no answer within 200 ms", Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void aPortWhereNothingListensIsRetried() {
        URI nowhere = URI.create("http://127.0.0.1:" + TcpServer.unusedPort() + "/in");
        Delivery d = post(nowhere, Duration.ofSeconds(5)).send(n, Duration.ofSeconds(10), Map.of());

        assertThat(d).isInstanceOfSatisfying(Delivery.Retry.class, r -> {
            assertThat(r.why()).startsWith("could not reach 127.0.0.1: ");
            assertThat(r.status()).isEmpty();
        });
    }

    private HttpPost post(URI url, Duration timeout) {
        return new HttpPost(HttpPost.client(), url, timeout, clock);
    }
}

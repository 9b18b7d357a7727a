package dev.vitals.notify.pagerduty;

import static dev.vitals.notify.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import dev.vitals.notify.Messages;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PagerDuty channel against a local server that answers as the Events API v2 does. */
class PagerDutyChannelTest {
    SettableClock clock = new SettableClock(T0);
    Claimed n = Messages.claimed("pagerduty", PagerDutyFormat.render(Messages.oneFiring(), "0123456789abcdef"));

    @Test
    void anEventPagerDutyTakesIsSent() {
        try (HttpTargets pd = HttpTargets.http()
                .on(
                        "/v2/enqueue",
                        Route.status(202, "{\"status\":\"success\",\"message\":\"Event processed\"}")
                                .withHeader("Content-Type", "application/json"))) {
            Delivery d = channel(pd).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Sent(Optional.of(202)));
            assertThat(pd.lastReceived().body()).isEqualTo(n.payload());
            assertThat(pd.lastReceived().header("Idempotency-Key")).isEqualTo("n-0001");
        }
    }

    @Test
    void anInvalidEventSuchAsAnUnknownRoutingKeyFailsForGood() {
        try (HttpTargets pd = HttpTargets.http()
                .on(
                        "/v2/enqueue",
                        Route.status(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}"))) {
            Delivery d = channel(pd).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, f -> {
                assertThat(f.status()).contains(400);
                assertThat(f.why()).contains("Event object is invalid");
            });
        }
    }

    @Test
    void pagerDutysRateLimitIsRetried() {
        try (HttpTargets pd = HttpTargets.http().on("/v2/enqueue", Route.status(429, ""))) {
            Delivery d = channel(pd).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Retry("HTTP 429", Optional.empty(), Optional.of(429)));
        }
    }

    private PagerDutyChannel channel(HttpTargets pd) {
        return new PagerDutyChannel(
                new HttpPost(HttpPost.client(), pd.url("/v2/enqueue"), Duration.ofSeconds(5), clock));
    }
}

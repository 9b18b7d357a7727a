package dev.vitals.notify.slack;

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

/** The Slack channel against a local server that answers as Slack's incoming webhooks do. */
class SlackChannelTest {
    SettableClock clock = new SettableClock(T0);
    Claimed n = Messages.claimed("slack", SlackFormat.render(Messages.oneFiring()));

    @Test
    void theBlockKitMessageIsPostedUnsignedWithAnIdempotencyKey() {
        try (HttpTargets slack = HttpTargets.http().on("/services/T0/B0/x", Route.ok("ok"))) {
            Delivery d = channel(slack).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Sent(Optional.of(200)));
            assertThat(slack.lastReceived().body()).isEqualTo(n.payload());
            assertThat(slack.lastReceived().header("Idempotency-Key")).isEqualTo("n-0001");
            assertThat(slack.lastReceived().header("X-Vitals-Signature")).isNull();
        }
    }

    @Test
    void anArchivedChannelFailsForGoodWithSlacksWordForWhy() {
        try (HttpTargets slack = HttpTargets.http().on("/services/T0/B0/x", Route.status(410, "channel_is_archived"))) {
            Delivery d = channel(slack).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Failed("HTTP 410: channel_is_archived", Optional.of(410)));
        }
    }

    @Test
    void slacksRateLimitIsRetriedWhenItSays() {
        try (HttpTargets slack = HttpTargets.http()
                .on("/services/T0/B0/x", Route.status(429, "rate_limited").withHeader("Retry-After", "1"))) {
            Delivery d = channel(slack).deliver(n, Duration.ofSeconds(10));

            assertThat(d)
                    .isInstanceOfSatisfying(
                            Delivery.Retry.class,
                            r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(1)));
        }
    }

    private SlackChannel channel(HttpTargets slack) {
        return new SlackChannel(
                new HttpPost(HttpPost.client(), slack.url("/services/T0/B0/x"), Duration.ofSeconds(5), clock));
    }
}

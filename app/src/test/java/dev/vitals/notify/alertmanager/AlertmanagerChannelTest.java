package dev.vitals.notify.alertmanager;

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

/** The Alertmanager channel against a local receiver of Alertmanager's webhooks. */
class AlertmanagerChannelTest {
    SettableClock clock = new SettableClock(T0);
    Claimed n = Messages.claimed("alertmanager", AlertmanagerFormat.render(Messages.oneFiring()));

    @Test
    void theMessageIsPostedAsJsonWithAnIdempotencyKey() {
        try (HttpTargets receiver = HttpTargets.http().on("/alerts", Route.ok(""))) {
            Delivery d = channel(receiver).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Sent(Optional.of(200)));
            assertThat(receiver.lastReceived().body()).isEqualTo(n.payload());
            assertThat(receiver.lastReceived().header("Content-Type")).startsWith("application/json");
            assertThat(receiver.lastReceived().header("Idempotency-Key")).isEqualTo("n-0001");
        }
    }

    @Test
    void aReceiverThatIsDownForAMomentIsRetried() {
        try (HttpTargets receiver = HttpTargets.http().on("/alerts", Route.status(502, "bad gateway"))) {
            Delivery d = channel(receiver).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Retry("HTTP 502: bad gateway", Optional.empty(), Optional.of(502)));
        }
    }

    private AlertmanagerChannel channel(HttpTargets receiver) {
        return new AlertmanagerChannel(
                new HttpPost(HttpPost.client(), receiver.url("/alerts"), Duration.ofSeconds(5), clock));
    }
}

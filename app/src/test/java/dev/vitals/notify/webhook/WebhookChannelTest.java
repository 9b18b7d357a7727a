package dev.vitals.notify.webhook;

import static dev.vitals.notify.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import dev.vitals.notify.Messages;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The webhook channel against a real HTTP receiver. (The dispatcher's retries through it are in
 * {@code WebhookDispatchTest}; the judging of answers, shared by every HTTP channel, in {@code
 * HttpPostTest}.)
 */
class WebhookChannelTest {
    SettableClock clock = new SettableClock(T0);
    Claimed n = Messages.claimed("webhook", WebhookFormat.render(Messages.oneFiring()));

    @Test
    void theVitalsJsonArrivesSignedAtTheTimeOfSending() throws Exception {
        try (HttpTargets receiver = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            clock.advance(Duration.ofMinutes(3)); // a retry, later than the notification was made
            Delivery d = channel(receiver, Optional.of("s3cret")).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Sent(Optional.of(200)));
            HttpTargets.Received r = receiver.lastReceived();
            assertThat(r.body()).isEqualTo(n.payload());
            assertThat(r.header("Idempotency-Key")).isEqualTo("n-0001");
            long t = T0.plus(Duration.ofMinutes(3)).getEpochSecond();
            // Verified as a receiver would, with its own HMAC code.
            assertThat(r.header("X-Vitals-Signature"))
                    .isEqualTo("t=" + t + ",v1=" + hmac("s3cret", t + "." + r.body()));
        }
    }

    @Test
    void withoutASecretNothingIsSigned() {
        try (HttpTargets receiver = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            channel(receiver, Optional.empty()).deliver(n, Duration.ofSeconds(10));

            assertThat(receiver.lastReceived().header("X-Vitals-Signature")).isNull();
        }
    }

    @Test
    void aRefusalIsJudgedLikeEveryHttpChannel() {
        try (HttpTargets receiver = HttpTargets.http().on("/hook", Route.status(401, "bad signature"))) {
            Delivery d = channel(receiver, Optional.of("wrong")).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isEqualTo(new Delivery.Failed("HTTP 401: bad signature", Optional.of(401)));
        }
    }

    private WebhookChannel channel(HttpTargets receiver, Optional<String> secret) {
        return new WebhookChannel(
                new HttpPost(HttpPost.client(), receiver.url("/hook"), Duration.ofSeconds(5), clock), secret, clock);
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}

package dev.vitals.notify.webhook;

import dev.vitals.notify.Channel;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import dev.vitals.notify.Signature;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers a notification as an HTTP POST of its JSON payload ({@link HttpPost}: idempotency key,
 * timeout, no redirects, retry on 429 and 5xx) and, when the receiver has a secret, a {@link
 * Signature} header, computed at each attempt so that its time says when the request was sent.
 */
public final class WebhookChannel implements Channel {
    private final HttpPost post;
    private final Optional<String> secret;
    private final InstantSource clock;

    public WebhookChannel(HttpPost post, Optional<String> secret, InstantSource clock) {
        this.post = post;
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public Delivery deliver(Claimed n, Duration deadline) {
        Map<String, String> headers = secret.map(
                        s -> Map.of(Signature.HEADER, Signature.header(s, clock.instant(), n.payload())))
                .orElse(Map.of());
        return post.send(n, deadline, headers);
    }
}

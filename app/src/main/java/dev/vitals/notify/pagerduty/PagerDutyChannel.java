package dev.vitals.notify.pagerduty;

import dev.vitals.notify.Channel;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import java.time.Duration;
import java.util.Map;

/**
 * Posts a {@link PagerDutyFormat} event to the Events API v2, judged as every HTTP channel is
 * ({@link HttpPost}): PagerDuty answers 202 when it took the event, 400 when the event is invalid
 * (for example an unknown routing key: failed for good), 429 when the rate limit is reached (retried).
 */
public final class PagerDutyChannel implements Channel {
    private final HttpPost post;

    public PagerDutyChannel(HttpPost post) {
        this.post = post;
    }

    @Override
    public Delivery deliver(Claimed n, Duration deadline) {
        return post.send(n, deadline, Map.of());
    }
}

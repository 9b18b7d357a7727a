package dev.vitals.notify.slack;

import dev.vitals.notify.Channel;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import java.time.Duration;
import java.util.Map;

/**
 * Posts a {@link SlackFormat} message to a Slack incoming webhook, judged as every HTTP channel is
 * ({@link HttpPost}). Slack answers a refused message with a 4xx and a word for why ({@code
 * invalid_payload}, {@code channel_not_found}, {@code channel_is_archived}): failed for good, with the
 * word kept; its rate limit is a 429 with {@code Retry-After}, which is honoured.
 */
public final class SlackChannel implements Channel {
    private final HttpPost post;

    public SlackChannel(HttpPost post) {
        this.post = post;
    }

    @Override
    public Delivery deliver(Claimed n, Duration deadline) {
        return post.send(n, deadline, Map.of());
    }
}

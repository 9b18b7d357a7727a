package dev.vitals.notify.teams;

import dev.vitals.notify.Channel;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import java.time.Duration;
import java.util.Map;

/**
 * Posts a {@link TeamsFormat} card to a Teams workflow webhook, judged as every HTTP channel is
 * ({@link HttpPost}). The workflow accepts with 202 and runs later: a card it cannot post fails in
 * the workflow's run history, not here.
 */
public final class TeamsChannel implements Channel {
    private final HttpPost post;

    public TeamsChannel(HttpPost post) {
        this.post = post;
    }

    @Override
    public Delivery deliver(Claimed n, Duration deadline) {
        return post.send(n, deadline, Map.of());
    }
}

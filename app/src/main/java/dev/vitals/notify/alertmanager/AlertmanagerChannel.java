package dev.vitals.notify.alertmanager;

import dev.vitals.notify.Channel;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.HttpPost;
import java.time.Duration;
import java.util.Map;

/**
 * Posts an {@link AlertmanagerFormat} message to a receiver written for Alertmanager, judged as every
 * HTTP channel is ({@link HttpPost}).
 */
public final class AlertmanagerChannel implements Channel {
    private final HttpPost post;

    public AlertmanagerChannel(HttpPost post) {
        this.post = post;
    }

    @Override
    public Delivery deliver(Claimed n, Duration deadline) {
        return post.send(n, deadline, Map.of());
    }
}

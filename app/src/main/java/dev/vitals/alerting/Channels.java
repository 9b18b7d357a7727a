package dev.vitals.alerting;

import dev.vitals.notify.Channel;
import dev.vitals.notify.ChannelLookup;
import dev.vitals.notify.HttpPost;
import dev.vitals.notify.Message;
import dev.vitals.notify.alertmanager.AlertmanagerChannel;
import dev.vitals.notify.alertmanager.AlertmanagerFormat;
import dev.vitals.notify.email.EmailChannel;
import dev.vitals.notify.email.EmailFormat;
import dev.vitals.notify.pagerduty.PagerDutyChannel;
import dev.vitals.notify.pagerduty.PagerDutyFormat;
import dev.vitals.notify.slack.SlackChannel;
import dev.vitals.notify.slack.SlackFormat;
import dev.vitals.notify.teams.TeamsChannel;
import dev.vitals.notify.teams.TeamsFormat;
import dev.vitals.notify.webhook.WebhookChannel;
import dev.vitals.notify.webhook.WebhookFormat;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The channels, one per kind of {@link Receiver.Target}: what a notification looks like for a target
 * ({@link #render}), and what delivers it ({@link #channel}). The switches over the sealed target are
 * the one list of channels in Vitals: a new target kind does not compile until it is added here (see
 * the checklist in docs/channels.md).
 */
public final class Channels {
    private final OkHttpClient http;
    private final InstantSource clock;

    /**
     * Channels that share one HTTP client.
     *
     * @param http shared by every HTTP channel; {@link HttpPost#client()} makes a suitable one
     */
    public Channels(OkHttpClient http, InstantSource clock) {
        this.http = http;
        this.clock = clock;
    }

    /** What delivers the notifications rendered for {@code target}. */
    public Channel channel(Receiver.Target target) {
        return switch (target) {
            case Receiver.Webhook w ->
                new WebhookChannel(post(w.url(), w.timeout()), w.secret().map(s -> s.reveal()), clock);
            case Receiver.Slack s -> new SlackChannel(post(s.url(), s.timeout()));
            case Receiver.Teams t -> new TeamsChannel(post(t.url(), t.timeout()));
            case Receiver.PagerDuty p -> new PagerDutyChannel(post(p.url(), p.timeout()));
            case Receiver.Alertmanager a -> new AlertmanagerChannel(post(a.url(), a.timeout()));
            case Receiver.Email e -> new EmailChannel(e, clock);
        };
    }

    /** The payload for {@code target}, as the outbox keeps it and its channel sends it. */
    public String render(Receiver.Target target, Message message) {
        return switch (target) {
            case Receiver.Webhook w -> WebhookFormat.render(message);
            case Receiver.Slack s -> SlackFormat.render(message);
            case Receiver.Teams t -> TeamsFormat.render(message);
            case Receiver.PagerDuty p ->
                PagerDutyFormat.render(message, p.routingKey().reveal());
            case Receiver.Alertmanager a -> AlertmanagerFormat.render(message);
            case Receiver.Email e -> EmailFormat.render(message);
        };
    }

    /**
     * The dispatcher's lookup for these receivers: one channel per receiver and kind, made once. A
     * configuration reload makes a new lookup (and dispatcher) from the new receivers.
     */
    public ChannelLookup lookup(List<Receiver> receivers) {
        Map<Key, Channel> byKey = new HashMap<>();
        for (Receiver r : receivers) {
            for (Receiver.Target t : r.targets()) {
                byKey.put(new Key(r.name(), t.kind()), channel(t));
            }
        }
        Map<Key, Channel> made = Map.copyOf(byKey);
        return (receiver, kind) -> Optional.ofNullable(made.get(new Key(receiver, kind)));
    }

    /**
     * A lookup that follows {@code receivers}: when it gives another list (the file was reloaded, a
     * receiver was changed through the API), the channels are made again from it, once.
     */
    public ChannelLookup following(java.util.function.Supplier<List<Receiver>> receivers) {
        record Made(List<Receiver> from, ChannelLookup lookup) {}
        java.util.concurrent.atomic.AtomicReference<Made> made = new java.util.concurrent.atomic.AtomicReference<>();
        return (receiver, kind) -> {
            List<Receiver> now = receivers.get();
            Made m = made.get();
            if (m == null || m.from() != now) {
                m = new Made(now, lookup(now));
                made.set(m);
            }
            return m.lookup().channel(receiver, kind);
        };
    }

    private record Key(String receiver, String kind) {}

    private HttpPost post(URI url, Duration timeout) {
        return new HttpPost(http, url, timeout, clock);
    }
}

package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vitals.config.Secret;
import dev.vitals.notify.Dispatcher;
import dev.vitals.notify.Event;
import dev.vitals.notify.HttpPost;
import dev.vitals.notify.Message;
import dev.vitals.notify.Messages;
import dev.vitals.notify.NewNotification;
import dev.vitals.notify.Notification;
import dev.vitals.notify.Outbox;
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
import dev.vitals.store.Database;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one list of channels: each target kind renders with its format and is delivered by its
 * channel; and, as the alert pipeline will use it, a receiver with several targets hears on each.
 */
class ChannelsTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(true);

    static final URI URL = URI.create("http://127.0.0.1:9/in");
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    SettableClock clock = new SettableClock(Messages.T0);
    Channels channels = new Channels(HttpPost.client(), clock);
    Message message = Messages.twoFiring();

    @Test
    void eachTargetKindRendersWithItsOwnFormat() {
        assertThat(channels.render(new Receiver.Webhook(URL, Optional.empty(), TIMEOUT), message))
                .isEqualTo(WebhookFormat.render(message));
        assertThat(channels.render(new Receiver.Slack(URL, TIMEOUT), message)).isEqualTo(SlackFormat.render(message));
        assertThat(channels.render(new Receiver.Teams(URL, TIMEOUT), message)).isEqualTo(TeamsFormat.render(message));
        assertThat(channels.render(new Receiver.PagerDuty(new Secret("routing-key-1"), URL, TIMEOUT), message))
                .isEqualTo(PagerDutyFormat.render(message, "routing-key-1"));
        assertThat(channels.render(new Receiver.Alertmanager(URL, TIMEOUT), message))
                .isEqualTo(AlertmanagerFormat.render(message));
        assertThat(channels.render(email(25), message)).isEqualTo(EmailFormat.render(message));
    }

    @Test
    void eachTargetKindIsDeliveredByItsOwnChannel() {
        assertThat(channels.channel(new Receiver.Webhook(URL, Optional.empty(), TIMEOUT)))
                .isInstanceOf(WebhookChannel.class);
        assertThat(channels.channel(new Receiver.Slack(URL, TIMEOUT))).isInstanceOf(SlackChannel.class);
        assertThat(channels.channel(new Receiver.Teams(URL, TIMEOUT))).isInstanceOf(TeamsChannel.class);
        assertThat(channels.channel(new Receiver.PagerDuty(new Secret("k"), URL, TIMEOUT)))
                .isInstanceOf(PagerDutyChannel.class);
        assertThat(channels.channel(new Receiver.Alertmanager(URL, TIMEOUT))).isInstanceOf(AlertmanagerChannel.class);
        assertThat(channels.channel(email(25))).isInstanceOf(EmailChannel.class);
    }

    @Test
    void aReceiverWithAWebhookASlackAndAnEmailHearsTheSameMessageOnEach() throws Exception {
        try (HttpTargets hooks = HttpTargets.http().on("/hook", Route.ok("ok")).on("/slack", Route.ok("ok"));
                Database db = Database.open(Optional.empty(), dir)) {
            Receiver ops = new Receiver(
                    "ops",
                    List.of(
                            new Receiver.Webhook(hooks.url("/hook"), Optional.of(new Secret("s3cret")), TIMEOUT),
                            new Receiver.Slack(hooks.url("/slack"), TIMEOUT),
                            email(GREENMAIL.getSmtp().getPort())));
            Outbox outbox = new Outbox(db, clock, dev.vitals.notify.Backoff.standard());
            for (Receiver.Target t : ops.targets()) {
                outbox.enqueue(new NewNotification(
                        "erp/firing/" + t.kind(),
                        ops.name(),
                        t.kind(),
                        "erp",
                        Event.FIRING,
                        channels.render(t, message),
                        Messages.T0));
            }
            Dispatcher.Settings settings = new Dispatcher.Settings(
                    Duration.ofMillis(20), 10, Duration.ofMinutes(5), 4, Duration.ofSeconds(10));
            try (Dispatcher dispatcher =
                    new Dispatcher(outbox, channels.lookup(List.of(ops)), clock, "node-a", settings)) {
                dispatcher.start();
                await(() -> outbox.history("ops", 10).stream()
                        .allMatch(n -> n.state().equals("sent")));
            }

            assertThat(outbox.history("ops", 10))
                    .extracting(Notification::state)
                    .containsOnly("sent");
            HttpTargets.Received hook = hooks.received().stream()
                    .filter(r -> r.path().equals("/hook"))
                    .findFirst()
                    .orElseThrow();
            assertThat(hook.body()).isEqualTo(WebhookFormat.render(message));
            assertThat(hook.header("X-Vitals-Signature")).startsWith("t=");
            HttpTargets.Received slack = hooks.received().stream()
                    .filter(r -> r.path().equals("/slack"))
                    .findFirst()
                    .orElseThrow();
            assertThat(slack.body()).isEqualTo(SlackFormat.render(message));
            assertThat(slack.header("X-Vitals-Signature")).isNull();
            assertThat(GREENMAIL.getReceivedMessages())
                    .singleElement()
                    .satisfies(m -> assertThat(m.getSubject()).isEqualTo(message.title()));
        }
    }

    @Test
    void theLookupFindsNothingForAnUnknownReceiverOrAKindItLacks() {
        Receiver ops = new Receiver("ops", List.of(new Receiver.Slack(URL, TIMEOUT)));
        var lookup = channels.lookup(List.of(ops));

        assertThat(lookup.channel("ops", "slack")).isPresent();
        assertThat(lookup.channel("ops", "webhook")).isEmpty();
        assertThat(lookup.channel("finance", "slack")).isEmpty();
    }

    private static Receiver.Email email(int port) {
        return new Receiver.Email(
                List.of("ops@example.org"),
                "vitals@example.org",
                new Receiver.Smtp(
                        "127.0.0.1", port, Receiver.StartTls.IF_OFFERED, Optional.empty(), Optional.empty(), TIMEOUT));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not all notifications were sent within 15 s");
            }
            Thread.sleep(10);
        }
    }
}

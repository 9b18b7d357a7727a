package dev.vitals.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.notify.webhook.WebhookChannel;
import dev.vitals.store.Database;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications go from the outbox to real webhook receivers on loopback, through the dispatcher's
 * lanes; time is moved by hand to make retries due. (The outbox contract, on both databases, is
 * {@link OutboxContractTest}.)
 */
class WebhookDispatchTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    Database db;
    SettableClock clock;
    Outbox outbox;
    OkHttpClient http = HttpPost.client();
    Map<String, Channel> receivers = new HashMap<>();
    Dispatcher dispatcher;

    @BeforeEach
    void open() {
        db = Database.open(Optional.empty(), dir);
        clock = new SettableClock(T0);
        outbox = new Outbox(db, clock, Notifications.steadyBackoff());
        dispatcher = new Dispatcher(
                outbox,
                (r, kind) -> kind.equals("webhook") ? Optional.ofNullable(receivers.get(r)) : Optional.empty(),
                clock,
                "node-a",
                new Dispatcher.Settings(Duration.ofMillis(20), 10, Duration.ofMinutes(5), 4, Duration.ofSeconds(20)));
    }

    @AfterEach
    void close() {
        dispatcher.close();
        db.close();
    }

    @Test
    void anEnqueuedNotificationArrivesAsJsonWithASignatureThatVerifies() throws Exception {
        try (HttpTargets collector = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            receivers.put("ops", webhook(collector, "/hook", Optional.of("s3cret"), Duration.ofSeconds(5)));
            String nid = outbox.enqueue(Notifications.firing("web-down", "ops", T0));
            dispatcher.start();
            awaitState(nid, "sent");

            HttpTargets.Received r = collector.lastReceived();
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.header("Idempotency-Key")).isEqualTo(nid);
            assertThat(r.body()).isEqualTo("{\"alert\":\"web-down\",\"status\":\"firing\"}");
            // Verified as a receiver would, with its own HMAC code: t=<seconds>,v1=<hex>.
            String signature = r.header("X-Vitals-Signature");
            assertThat(signature)
                    .isEqualTo(
                            "t=" + T0.getEpochSecond() + ",v1=" + hmac("s3cret", T0.getEpochSecond() + "." + r.body()));
            assertThat(signature).doesNotContain(hmac("wrong", T0.getEpochSecond() + "." + r.body()));

            Notification n = outbox.find(nid).orElseThrow();
            assertThat(n.sentAt()).contains(T0);
            assertThat(n.attemptLog()).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo("sent");
                assertThat(a.httpStatus()).contains(200);
            });
        }
    }

    @Test
    void aServerErrorIsRetriedAfterTheBackoffAndTheNotificationIsSentOnce() throws Exception {
        try (HttpTargets collector = HttpTargets.http().on("/hook", Route.status(500, "database is down"))) {
            receivers.put("ops", webhook(collector, "/hook", Optional.empty(), Duration.ofSeconds(5)));
            String nid = outbox.enqueue(Notifications.firing("web-down", "ops", T0));
            dispatcher.start();
            awaitAttempts(nid, 1);
            Notification after500 = outbox.find(nid).orElseThrow();
            assertThat(after500.state()).isEqualTo("pending");
            assertThat(after500.dueAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(after500.lastError()).contains("HTTP 500: database is down");

            collector.on("/hook", Route.ok("ok"));
            clock.advance(Duration.ofSeconds(1));
            dispatcher.wake();
            awaitState(nid, "sent");

            assertThat(collector.received()).hasSize(2);
            assertThat(collector.received())
                    .extracting(rq -> rq.header("Idempotency-Key"))
                    .containsOnly(nid);
            assertThat(outbox.find(nid).orElseThrow().attemptLog())
                    .extracting(Attempt::outcome, Attempt::httpStatus)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("retry", Optional.of(500)),
                            org.assertj.core.groups.Tuple.tuple("sent", Optional.of(200)));
        }
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterAsks() throws Exception {
        try (HttpTargets collector =
                HttpTargets.http().on("/hook", Route.status(429, "slow down").withHeader("Retry-After", "120"))) {
            receivers.put("ops", webhook(collector, "/hook", Optional.empty(), Duration.ofSeconds(5)));
            String nid = outbox.enqueue(Notifications.firing("web-down", "ops", T0));
            dispatcher.start();
            awaitAttempts(nid, 1);
            assertThat(outbox.find(nid).orElseThrow().dueAt()).isEqualTo(T0.plusSeconds(120));
            assertThat(outbox.find(nid).orElseThrow().attemptLog().getFirst().httpStatus())
                    .contains(429);

            collector.on("/hook", Route.ok("ok"));
            clock.advance(Duration.ofSeconds(120));
            dispatcher.wake();
            awaitState(nid, "sent");
            assertThat(collector.received()).hasSize(2);
        }
    }

    @Test
    void aBadRequestFailsForGoodAtTheFirstAttempt() throws Exception {
        try (HttpTargets collector = HttpTargets.http().on("/hook", Route.status(400, "unknown field 'alert'"))) {
            receivers.put("ops", webhook(collector, "/hook", Optional.empty(), Duration.ofSeconds(5)));
            String nid = outbox.enqueue(Notifications.firing("web-down", "ops", T0));
            dispatcher.start();
            awaitState(nid, "failed");
            Notification n = outbox.find(nid).orElseThrow();
            assertThat(n.lastError()).contains("HTTP 400: unknown field 'alert'");
            assertThat(n.attemptLog()).extracting(Attempt::outcome).containsExactly("failed");
        }
    }

    @Test
    void aReceiverThatHangsIsCutAtItsTimeoutAndRetried() throws Exception {
        try (HttpTargets collector = HttpTargets.http().on("/hook", Route.hang())) {
            receivers.put("ops", webhook(collector, "/hook", Optional.empty(), Duration.ofMillis(300)));
            String nid = outbox.enqueue(Notifications.firing("web-down", "ops", T0));
            dispatcher.start();
            awaitAttempts(nid, 1);
            Notification n = outbox.find(nid).orElseThrow();
            assertThat(n.state()).isEqualTo("pending");
            Attempt a = n.attemptLog().getFirst();
            assertThat(a.outcome()).isEqualTo("retry");
            assertThat(a.error()).contains("no answer within 300 ms");
            assertThat(a.httpStatus()).isEmpty();
            assertThat(a.duration()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        }
    }

    @Test
    void aNotificationForAnUnknownReceiverFailsAndSaysWhy() throws Exception {
        String nid = outbox.enqueue(Notifications.firing("web-down", "nobody", T0));
        dispatcher.start();
        awaitState(nid, "failed");
        assertThat(outbox.find(nid).orElseThrow().lastError())
                .contains("no webhook channel is configured for receiver nobody");
    }

    @Test
    void aNotificationForAChannelKindTheReceiverLacksFailsAndSaysWhy() throws Exception {
        try (HttpTargets collector = HttpTargets.http().on("/hook", Route.ok("ok"))) {
            receivers.put("ops", webhook(collector, "/hook", Optional.empty(), Duration.ofSeconds(5)));
            NewNotification webhook = Notifications.firing("web-down", "ops", T0);
            String nid = outbox.enqueue(new NewNotification(
                    "web-down/slack",
                    "ops",
                    "slack",
                    webhook.alertKey(),
                    webhook.event(),
                    webhook.payload(),
                    webhook.dueAt()));
            dispatcher.start();
            awaitState(nid, "failed");
            assertThat(outbox.find(nid).orElseThrow().lastError())
                    .contains("no slack channel is configured for receiver ops");
            assertThat(collector.received()).isEmpty();
        }
    }

    @Test
    void aReceiverThatHangsDoesNotDelayAnotherReceiver() throws Exception {
        try (HttpTargets slow = HttpTargets.http().on("/hook", Route.hang());
                HttpTargets fast = HttpTargets.http().on("/hook", Route.ok("ok"))) {
            receivers.put("slow", webhook(slow, "/hook", Optional.empty(), Duration.ofSeconds(20)));
            receivers.put("fast", webhook(fast, "/hook", Optional.empty(), Duration.ofSeconds(20)));
            // The slow receiver's notifications are due first, and there are more than its lane holds.
            for (int i = 0; i < 30; i++) {
                outbox.enqueue(Notifications.firing("s" + i, "slow", T0.minusSeconds(10)));
            }
            String fastNid = outbox.enqueue(Notifications.firing("f0", "fast", T0));
            dispatcher.start();

            awaitState(fastNid, "sent");
            // The fast receiver got its notification while the slow one is still hanging on its first.
            assertThat(fast.received()).hasSize(1);
            assertThat(slow.received()).hasSize(1);
            Notification stuck =
                    outbox.find(slow.lastReceived().header("Idempotency-Key")).orElseThrow();
            assertThat(stuck.state()).isEqualTo("sending");
            assertThat(outbox.history("slow", 100))
                    .allSatisfy(n -> assertThat(n.attemptLog()).isEmpty());
        }
    }

    private WebhookChannel webhook(HttpTargets server, String path, Optional<String> secret, Duration timeout) {
        return new WebhookChannel(new HttpPost(http, server.url(path), timeout, clock), secret, clock);
    }

    private void awaitState(String nid, String state) throws InterruptedException {
        Notifications.await(WAIT, () -> outbox.find(nid).orElseThrow().state().equals(state));
    }

    private void awaitAttempts(String nid, int attempts) throws InterruptedException {
        Notifications.await(WAIT, () -> outbox.find(nid).orElseThrow().attempts() >= attempts);
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}

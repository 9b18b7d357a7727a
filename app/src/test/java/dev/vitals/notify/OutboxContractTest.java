package dev.vitals.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.notify.webhook.WebhookChannel;
import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The outbox behaves the same on SQLite and PostgreSQL: nothing lost, nothing sent twice. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class OutboxContractTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    SettableClock clock;
    Outbox outbox;

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
        clock = new SettableClock(T0);
        outbox = new Outbox(db, clock, Notifications.steadyBackoff());
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    @Test
    void aRestartedNodeTakesBackItsOwnClaimsAtOnceAndLeavesOthersAndSentOnesAlone() {
        outbox.enqueue(Notifications.firing("k1", "ops", T0));
        outbox.enqueue(Notifications.firing("k2", "ops", T0));
        outbox.enqueue(Notifications.firing("k3", "ops", T0));
        List<Claimed> mine = outbox.claim("node-a", T0, 2, LEASE);
        List<Claimed> theirs = outbox.claim("node-b", T0, 10, LEASE);
        assertThat(mine).hasSize(2);
        assertThat(theirs).hasSize(1);
        outbox.sent(mine.get(0), new Outbox.Timing(T0, T0, Duration.ZERO), Optional.of(200));
        // node-a died and starts again: its one unsent claim is due now, not when its lease runs out.
        assertThat(outbox.releaseAll("node-a")).isEqualTo(1);
        List<Claimed> again = outbox.claim("node-a", T0, 10, LEASE);
        assertThat(again).extracting(Claimed::nid).containsExactly(mine.get(1).nid());
        assertThat(outbox.find(mine.get(0).nid()).orElseThrow().state()).isEqualTo("sent");
        assertThat(outbox.find(theirs.get(0).nid()).orElseThrow().claimedBy()).hasValue("node-b");
    }

    @Test
    void theSameIdempotencyKeyIsEnqueuedOnce() {
        String first = outbox.enqueue(Notifications.firing("k1", "ops", T0));
        String again = outbox.enqueue(Notifications.firing("k1", "ops", T0));
        assertThat(again).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM notifications")).isEqualTo(1);
    }

    @Test
    void enqueueTakesPartInTheCallersTransaction() {
        try {
            db.write(c -> {
                outbox.enqueue(c, Notifications.firing("k1", "ops", T0));
                throw new IllegalStateException("the caller's change failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(count("SELECT count(*) FROM notifications")).isZero();
    }

    @Test
    void onlyDueNotificationsAreClaimedAndAClaimIsNotClaimedTwice() {
        outbox.enqueue(Notifications.firing("now", "ops", T0));
        outbox.enqueue(Notifications.firing("later", "ops", T0.plusSeconds(60)));
        List<Claimed> a = outbox.claim("node-a", T0, 10, LEASE);
        List<Claimed> b = outbox.claim("node-b", T0, 10, LEASE);
        assertThat(a).extracting(Claimed::alertKey).containsExactly("now");
        assertThat(b).isEmpty();
        assertThat(outbox.claim("node-b", T0.plusSeconds(60), 10, LEASE))
                .extracting(Claimed::alertKey)
                .containsExactly("later");
    }

    @Test
    void aClaimWhoseLeaseRanOutIsTakenByAnotherNodeAndTheOldOwnerCannotFinishIt() {
        String nid = outbox.enqueue(Notifications.firing("k1", "ops", T0));
        Claimed crashed = outbox.claim("node-a", T0, 10, LEASE).getFirst();
        // node-a dies while sending: nothing is recorded. Before the lease ends nobody else takes it.
        assertThat(outbox.claim("node-b", T0.plus(LEASE).minusMillis(1), 10, LEASE))
                .isEmpty();
        List<Claimed> taken = outbox.claim("node-b", T0.plus(LEASE), 10, LEASE);
        assertThat(taken).extracting(Claimed::nid).containsExactly(nid);

        // node-a comes back and reports late: the attempt is kept, the notification stays node-b's.
        Instant late = T0.plus(LEASE).plusSeconds(1);
        assertThat(outbox.sent(crashed, timing(late), Optional.of(200))).isFalse();
        assertThat(outbox.find(nid).orElseThrow().state()).isEqualTo("sending");
        assertThat(outbox.sent(taken.getFirst(), timing(late), Optional.of(200)))
                .isTrue();

        Notification n = outbox.find(nid).orElseThrow();
        assertThat(n.state()).isEqualTo("sent");
        assertThat(n.attemptLog()).extracting(Attempt::number).containsExactly(1, 2);
    }

    @Test
    void aRetryIsDueAfterTheBackoffAndEveryAttemptIsKept() {
        String nid = outbox.enqueue(Notifications.firing("k1", "ops", T0));
        Claimed first = outbox.claim("node-a", T0, 10, LEASE).getFirst();
        assertThat(outbox.retry(first, timing(T0), "HTTP 503", Optional.empty(), Optional.of(503)))
                .isTrue();
        assertThat(outbox.find(nid).orElseThrow().dueAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(outbox.claim("node-a", T0.plusMillis(999), 10, LEASE)).isEmpty();

        Claimed second = outbox.claim("node-a", T0.plusSeconds(1), 10, LEASE).getFirst();
        assertThat(second.attempts()).isEqualTo(1);
        outbox.retry(second, timing(T0.plusSeconds(1)), "HTTP 502", Optional.empty(), Optional.of(502));
        assertThat(outbox.find(nid).orElseThrow().dueAt()).isEqualTo(T0.plusSeconds(3));

        Claimed third = outbox.claim("node-a", T0.plusSeconds(3), 10, LEASE).getFirst();
        outbox.retry(
                third, timing(T0.plusSeconds(3)), "HTTP 429", Optional.of(Duration.ofMinutes(10)), Optional.of(429));
        assertThat(outbox.find(nid).orElseThrow().dueAt())
                .isEqualTo(T0.plusSeconds(3).plus(Duration.ofMinutes(10)));

        Notification n = outbox.find(nid).orElseThrow();
        assertThat(n.state()).isEqualTo("pending");
        assertThat(n.attempts()).isEqualTo(3);
        assertThat(n.lastError()).contains("HTTP 429");
        assertThat(n.attemptLog())
                .extracting(Attempt::outcome, Attempt::httpStatus)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("retry", Optional.of(503)),
                        org.assertj.core.groups.Tuple.tuple("retry", Optional.of(502)),
                        org.assertj.core.groups.Tuple.tuple("retry", Optional.of(429)));
    }

    @Test
    void aNotificationStillFailingADayAfterItWasWrittenFails() {
        String nid = outbox.enqueue(Notifications.firing("k1", "ops", T0));
        Claimed c = outbox.claim("node-a", T0, 10, LEASE).getFirst();
        outbox.retry(c, timing(T0), "HTTP 500", Optional.empty(), Optional.of(500));
        // A day later, the receiver still fails.
        Instant dayLater = T0.plus(Duration.ofHours(24));
        Claimed last = outbox.claim("node-a", dayLater, 10, LEASE).getFirst();
        outbox.retry(last, timing(dayLater), "HTTP 500", Optional.empty(), Optional.of(500));

        Notification n = outbox.find(nid).orElseThrow();
        assertThat(n.state()).isEqualTo("failed");
        assertThat(n.lastError().orElseThrow()).contains("HTTP 500").contains("gave up 24 h after");
        assertThat(n.attemptLog()).extracting(Attempt::outcome).containsExactly("retry", "failed");
        assertThat(outbox.claim("node-a", dayLater.plus(Duration.ofDays(1)), 10, LEASE))
                .isEmpty();
    }

    @Test
    void aNotificationMarkedSentIsNeverSentAgainAfterARestart() {
        String nid = outbox.enqueue(Notifications.firing("k1", "ops", T0));
        outbox.sent(outbox.claim("node-a", T0, 10, LEASE).getFirst(), timing(T0), Optional.of(200));
        db.close();

        db = handle.open(); // the restart: a new pool, a new outbox, on the same database
        Outbox restarted = new Outbox(db, clock, Notifications.steadyBackoff());
        assertThat(restarted.claim("node-a", T0.plus(Duration.ofDays(2)), 10, LEASE))
                .isEmpty();
        assertThat(restarted.find(nid).orElseThrow().state()).isEqualTo("sent");
    }

    @Test
    void historyIsPerReceiverNewestFirstWithAttempts() {
        outbox.enqueue(Notifications.firing("a1", "ops", T0));
        clock.advance(Duration.ofSeconds(1));
        outbox.enqueue(Notifications.firing("a2", "ops", T0));
        outbox.enqueue(Notifications.firing("b1", "finance", T0));
        Claimed a1 = outbox.claim("node-a", T0.plusSeconds(1), 10, LEASE).stream()
                .filter(c -> c.alertKey().equals("a1"))
                .findFirst()
                .orElseThrow();
        outbox.failed(a1, timing(T0.plusSeconds(1)), "HTTP 404", Optional.of(404));

        List<Notification> ops = outbox.history("ops", 10);
        assertThat(ops).extracting(Notification::alertKey).containsExactly("a2", "a1");
        assertThat(ops.get(1).state()).isEqualTo("failed");
        assertThat(ops.get(1).attemptLog()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("failed");
            assertThat(a.error()).contains("HTTP 404");
        });
        assertThat(outbox.history("finance", 10))
                .extracting(Notification::alertKey)
                .containsExactly("b1");
    }

    @Test
    void twoNodesDispatchingTwoHundredNotificationsSendEachExactlyOnce() throws Exception {
        try (HttpTargets collector = HttpTargets.http().on("/hook", Route.ok("ok"));
                Database second = handle.open()) {
            List<String> nids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                nids.add(outbox.enqueue(Notifications.firing("k" + i, "r" + (i % 4), T0)));
            }
            WebhookChannel hook = new WebhookChannel(
                    new HttpPost(HttpPost.client(), collector.url("/hook"), Duration.ofSeconds(5), clock),
                    Optional.empty(),
                    clock);
            ChannelLookup receivers = (r, kind) -> Optional.of(hook);
            Outbox other = new Outbox(second, clock, Notifications.steadyBackoff());
            Dispatcher.Settings settings =
                    new Dispatcher.Settings(Duration.ofMillis(10), 7, Duration.ofMinutes(5), 4, Duration.ofSeconds(5));
            try (Dispatcher a = new Dispatcher(outbox, receivers, clock, "node-a", settings);
                    Dispatcher b = new Dispatcher(other, receivers, clock, "node-b", settings)) {
                a.start();
                b.start();
                Notifications.await(
                        Duration.ofSeconds(60),
                        () -> count("SELECT count(*) FROM notifications WHERE state = 'sent'") == 200);
            }
            Map<String, Long> perKey = collector.received().stream()
                    .collect(Collectors.groupingBy(r -> r.header("Idempotency-Key"), Collectors.counting()));
            assertThat(perKey).hasSize(200).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
            assertThat(perKey.keySet()).containsExactlyInAnyOrderElementsOf(nids);
            assertThat(count("SELECT count(*) FROM notification_attempts")).isEqualTo(200);
            // One attempt each: no notification was claimed by both nodes.
            assertThat(count("SELECT count(DISTINCT nid) FROM notification_attempts"))
                    .isEqualTo(200);
        }
    }

    private long count(String sql) {
        return db.read(c -> Sql.one(c, sql, rs -> rs.getLong(1)).orElseThrow());
    }

    private static Outbox.Timing timing(Instant at) {
        return new Outbox.Timing(at, at, Duration.ofMillis(5));
    }
}

package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.alerting.inbound.ExternalAlert;
import dev.vitals.checks.Outcome;
import dev.vitals.evaluation.Flip;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.ResultSummary;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.Confirm;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.Origin;
import dev.vitals.monitors.TcpTarget;
import dev.vitals.notify.Backoff;
import dev.vitals.notify.Message;
import dev.vitals.notify.Notification;
import dev.vitals.notify.Outbox;
import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

/**
 * The pipeline from flips and external alerts to rows in the outbox, on both databases, with time
 * moved by a settable clock. Each notification's payload here is a plain summary of its message
 * ("firing: a, b | resolved: c") so that tests read what each receiver was told.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class AlertPipelineTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    SettableClock clock = new SettableClock(T0);
    Outbox outbox;
    Map<String, Monitor> monitors = new HashMap<>();
    Map<String, MonitorStatus> statuses = new HashMap<>();
    List<MuteStage> extraStages = new ArrayList<>();
    AlertingSettings settings;
    AlertPipeline pipeline;

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
        outbox = new Outbox(db, clock, Backoff.standard());
        route(RouteNode.Timings.DEFAULT.groupWait(), Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        pipeline = new AlertPipeline(
                new AlertStore(db),
                outbox,
                () -> settings,
                id -> Optional.ofNullable(monitors.get(id)),
                () -> List.copyOf(monitors.values()),
                id -> Optional.ofNullable(statuses.get(id)),
                List.of((a, now) -> extraStages.stream()
                        .map(s -> s.check(a, now))
                        .flatMap(Optional::stream)
                        .findFirst()),
                AlertPipelineTest::summary,
                () -> URI.create("http://vitals.test"),
                clock,
                () -> {});
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    /** Receivers "ops" (everything) and "finance" (team=finance), grouped by {@code groupBy}. */
    void route(Duration wait, Duration interval, Duration repeat, List<String> groupBy) {
        RouteNode.Timings t = new RouteNode.Timings(wait, interval, repeat);
        RouteNode finance = new RouteNode("finance", Map.of("team", "finance"), Map.of(), groupBy, t, false, List.of());
        RouteNode root = new RouteNode("ops", Map.of(), Map.of(), groupBy, t, false, List.of(finance));
        Receiver.Target hook =
                new Receiver.Webhook(URI.create("http://127.0.0.1:9/hook"), Optional.empty(), Duration.ofSeconds(5));
        settings = new AlertingSettings(
                List.of(new Receiver("ops", List.of(hook)), new Receiver("finance", List.of(hook))),
                Optional.of(root),
                List.of());
    }

    static String summary(Receiver.Target t, Message m) {
        String firing =
                m.firing().stream().map(AlertPipelineTest::name).sorted().collect(Collectors.joining(", "));
        String resolved =
                m.resolved().stream().map(AlertPipelineTest::name).sorted().collect(Collectors.joining(", "));
        return "firing: " + firing + " | resolved: " + resolved;
    }

    static String name(Message.Alert a) {
        return a.monitorId()
                .or(() -> Optional.ofNullable(a.labels().get("alertname")))
                .orElse(a.labels().getOrDefault("dedup_key", a.fingerprint()));
    }

    Monitor monitor(String id, Map<String, String> labels, String... dependsOn) {
        Monitor m = new Monitor(
                id,
                id,
                Optional.empty(),
                new TcpTarget("127.0.0.1", 9, Optional.empty(), TcpTarget.Expect.NONE, TcpTarget.Expect.NONE),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Confirm.DEFAULT,
                labels,
                false,
                new Origin.Api(false),
                List.of(dependsOn));
        monitors.put(id, m);
        statuses.put(
                id,
                new MonitorStatus(State.UP, T0.minusSeconds(3600), Optional.empty(), List.of(ok(T0.minusSeconds(60)))));
        return m;
    }

    static ResultSummary ok(Instant at) {
        return new ResultSummary(at, Outcome.UP, Duration.ofMillis(20), Optional.empty());
    }

    static ResultSummary failed(Instant at) {
        return new ResultSummary(at, Outcome.DOWN, Duration.ofMillis(20), Optional.of("connection refused"));
    }

    void down(String id) {
        Instant at = clock.instant();
        statuses.put(id, new MonitorStatus(State.DOWN, at, Optional.of("connection refused"), List.of(failed(at))));
        pipeline.monitors().flip(new Flip(id, at, State.UP, State.DOWN, "connection refused", List.of()));
    }

    void up(String id) {
        Instant at = clock.instant();
        statuses.put(id, new MonitorStatus(State.UP, at, Optional.empty(), List.of(ok(at))));
        pipeline.monitors().flip(new Flip(id, at, State.DOWN, State.UP, "answers again", List.of()));
    }

    /** Runs the pipeline as its loop would, and answers what each receiver got, oldest first. */
    List<String> told(String receiver) {
        pipeline.runOnce();
        return outbox.history(receiver, 1000).stream()
                .sorted(Comparator.comparing(Notification::createdAt).thenComparing(Notification::idempotencyKey))
                .map(Notification::payload)
                .toList();
    }

    @Test
    void aMonitorGoingDownIsToldOnceAndItsRecoveryIsToldAfter() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        monitor("wiki", Map.of("service", "wiki"));
        down("wiki");
        assertThat(told("ops")).containsExactly("firing: wiki | resolved: ");
        assertThat(told("ops")).hasSize(1); // nothing new: nothing more
        clock.advance(Duration.ofMinutes(2));
        up("wiki");
        assertThat(told("ops")).containsExactly("firing: wiki | resolved: ", "firing:  | resolved: wiki");
    }

    @Test
    void alertsArrivingWithinGroupWaitAreToldTogether() {
        monitor("erp-web", Map.of("service", "erp"));
        monitor("erp-db", Map.of("service", "erp"));
        down("erp-web");
        clock.advance(Duration.ofSeconds(10));
        down("erp-db");
        assertThat(told("ops")).isEmpty(); // group_wait (30 s) not over
        clock.advance(Duration.ofSeconds(20));
        assertThat(told("ops")).containsExactly("firing: erp-db, erp-web | resolved: ");
    }

    @Test
    void newsAfterTheFirstNotificationWaitsForGroupInterval() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        monitor("erp-web", Map.of("service", "erp"));
        monitor("erp-db", Map.of("service", "erp"));
        down("erp-web");
        assertThat(told("ops")).hasSize(1);
        clock.advance(Duration.ofSeconds(5));
        down("erp-db");
        assertThat(told("ops")).hasSize(1);
        clock.advance(Duration.ofSeconds(25));
        assertThat(told("ops")).last().isEqualTo("firing: erp-db, erp-web | resolved: ");
    }

    @Test
    void anAlertStillFiringIsRepeatedAfterRepeatIntervalAndNotBefore() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        monitor("wiki", Map.of("service", "wiki"));
        down("wiki");
        assertThat(told("ops")).hasSize(1);
        clock.advance(Duration.ofHours(3));
        assertThat(told("ops")).hasSize(1);
        clock.advance(Duration.ofHours(1));
        assertThat(told("ops")).containsExactly("firing: wiki | resolved: ", "firing: wiki | resolved: ");
    }

    @Test
    void routesSendAlertsToTheReceiverTheirLabelsLeadTo() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        monitor("payroll", Map.of("service", "payroll", "team", "finance"));
        monitor("wiki", Map.of("service", "wiki"));
        down("payroll");
        down("wiki");
        assertThat(told("finance")).containsExactly("firing: payroll | resolved: ");
        assertThat(told("ops")).containsExactly("firing: wiki | resolved: ");
        AlertRow alert = pipeline.store().list(Optional.of("firing"), 10).stream()
                .filter(a -> a.monitorId().orElseThrow().equals("payroll"))
                .findFirst()
                .orElseThrow();
        assertThat(alert.routes()).extracting(AlertRow.RouteTaken::route).containsExactly("route.routes[0]");
    }

    @Test
    void aThousandMonitorsBehindAFailedSwitchPageOnceForTheSwitch() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("monitor"));
        monitor("switch", Map.of());
        for (int i = 0; i < 1000; i++) {
            monitor("pc" + i, Map.of(), "switch");
        }
        // The machines behind it are confirmed down before the switch is even checked.
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 1000; i++) {
            down("pc" + i);
        }
        assertThat(told("ops")).isEmpty(); // waiting to learn whether the switch is down
        clock.advance(Duration.ofSeconds(5));
        down("switch");
        clock.advance(Duration.ofSeconds(1));
        assertThat(told("ops")).containsExactly("firing: switch | resolved: ");
        AlertRow pc = pipeline.store().list(Optional.of("suppressed"), 2000).stream()
                .filter(a -> a.monitorId().orElseThrow().equals("pc7"))
                .findFirst()
                .orElseThrow();
        assertThat(pc.mutedBy()).hasValue("caused by switch (down)");
    }

    @Test
    void aDependantPagesForItselfWhenItsParentIsCheckedAndUp() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("monitor"));
        monitor("switch", Map.of());
        monitor("pc1", Map.of(), "switch");
        clock.advance(Duration.ofSeconds(1));
        down("pc1");
        assertThat(told("ops")).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        statuses.put("switch", new MonitorStatus(State.UP, T0, Optional.empty(), List.of(ok(clock.instant()))));
        pipeline.news();
        assertThat(told("ops")).containsExactly("firing: pc1 | resolved: ");
    }

    @Test
    void aDependantWhoseParentRecoversWhileItIsStillDownPagesThen() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("monitor"));
        monitor("switch", Map.of());
        monitor("pc1", Map.of(), "switch");
        down("switch");
        clock.advance(Duration.ofSeconds(1));
        down("pc1");
        assertThat(told("ops")).containsExactly("firing: switch | resolved: ");
        clock.advance(Duration.ofMinutes(1));
        up("switch");
        assertThat(told("ops"))
                .containsExactly(
                        "firing: switch | resolved: ", "firing:  | resolved: switch", "firing: pc1 | resolved: ");
    }

    @Test
    void resolvedFollowsFiringEvenWhenTheAlertWasMutedMeanwhile() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        monitor("wiki", Map.of("service", "wiki"));
        down("wiki");
        assertThat(told("ops")).hasSize(1);
        extraStages.add((a, now) -> Optional.of(new Mute("silence", "silenced by s-1", Optional.empty())));
        pipeline.news();
        clock.advance(Duration.ofHours(5)); // past repeat_interval: muted, so not repeated
        assertThat(told("ops")).hasSize(1);
        up("wiki");
        clock.advance(Duration.ofSeconds(30));
        assertThat(told("ops")).containsExactly("firing: wiki | resolved: ", "firing:  | resolved: wiki");
    }

    @Test
    void aMutedAlertThatResolvesBeforeAnyoneWasToldIsNeverTold() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        extraStages.add(
                (a, now) -> Optional.of(new Mute("maintenance", "in maintenance patch-tuesday", Optional.empty())));
        monitor("erp", Map.of("service", "erp"));
        down("erp");
        assertThat(told("ops")).isEmpty();
        assertThat(pipeline.store().list(Optional.of("suppressed"), 10))
                .extracting(a -> a.mutedBy().orElseThrow())
                .containsExactly("in maintenance patch-tuesday");
        up("erp");
        clock.advance(Duration.ofMinutes(5));
        assertThat(told("ops")).isEmpty();
    }

    @Test
    void anExternalAlertSentAgainIsOneAlertAndExpiresWhenNotSentAgain() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("alertname"));
        ExternalAlert a = new ExternalAlert(
                Map.of("alertname", "DiskFull", "instance", "nas"),
                Map.of("summary", "disk full on nas"),
                ExternalAlert.Status.FIRING,
                Optional.of(T0),
                Optional.of(T0.plus(Duration.ofMinutes(5))),
                Optional.empty());
        pipeline.receive("prometheus", List.of(a));
        clock.advance(Duration.ofMinutes(1));
        pipeline.receive("prometheus", List.of(a));
        assertThat(pipeline.store().list(Optional.empty(), 10)).hasSize(1);
        assertThat(told("ops")).containsExactly("firing: DiskFull | resolved: ");
        clock.advance(Duration.ofMinutes(5)); // not re-sent before its end
        assertThat(told("ops")).last().isEqualTo("firing:  | resolved: DiskFull");
    }

    @Test
    void aPagerDutyStyleTriggerIsResolvedByItsDedupKey() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("dedup_key"));
        ExternalAlert a = new ExternalAlert(
                Map.of("source", "backup-server", "severity", "critical"),
                Map.of("summary", "backup failed"),
                ExternalAlert.Status.FIRING,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        pipeline.trigger("legacy-pager", "backup-42", a);
        pipeline.trigger("legacy-pager", "backup-42", a);
        assertThat(told("ops")).hasSize(1);
        pipeline.resolve("legacy-pager", "backup-42");
        clock.advance(Duration.ofSeconds(30)); // group_interval
        assertThat(told("ops")).containsExactly("firing: backup-42 | resolved: ", "firing:  | resolved: backup-42");
        assertThat(pipeline.store().list(Optional.of("resolved"), 10)).hasSize(1);
    }

    @Test
    void flushingAgainAfterACrashAddsNoSecondNotification() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("service"));
        monitor("wiki", Map.of("service", "wiki"));
        down("wiki");
        assertThat(told("ops")).hasSize(1);
        // As if the node died after the outbox write but the group row was restored from before it.
        db.write(c -> Sql.update(
                c, "UPDATE alert_groups SET due_at = ?, seq = seq - 1, sent_firing = '[]'", T0.toEpochMilli()));
        assertThat(told("ops")).hasSize(1);
    }

    @Test
    void reconcileFiresForAMonitorDownWithoutAnAlertAndResolvesOneThatIsUp() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("monitor"));
        monitor("wiki", Map.of());
        monitor("mail", Map.of());
        down("mail");
        // The flip of wiki was never written (the node died first).
        statuses.put("wiki", new MonitorStatus(State.DOWN, T0, Optional.of("timeout"), List.of(failed(T0))));
        statuses.put("mail", new MonitorStatus(State.UP, T0, Optional.empty(), List.of(ok(T0))));
        assertThat(pipeline.reconcile()).isEqualTo(2);
        assertThat(pipeline.store().list(Optional.of("firing"), 10))
                .extracting(a -> a.monitorId().orElseThrow())
                .containsExactly("wiki");
        assertThat(pipeline.reconcile()).isZero();
    }

    @Test
    void aGroupWithoutARouteToAReceiverIsRecordedButNobodyIsTold() {
        settings = new AlertingSettings(List.of(), Optional.empty(), List.of());
        monitor("wiki", Map.of());
        down("wiki");
        assertThat(told("ops")).isEmpty();
        assertThat(pipeline.store().list(Optional.of("firing"), 10)).hasSize(1);
    }

    @Test
    void degradedFiresOnlyForAMonitorThatAsksForIt() {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("monitor"));
        Monitor strict = monitor("erp", Map.of());
        monitors.put(
                "erp",
                new Monitor(
                        strict.id(),
                        strict.name(),
                        strict.description(),
                        strict.target(),
                        strict.interval(),
                        strict.timeout(),
                        strict.slow(),
                        strict.confirm(),
                        strict.labels(),
                        false,
                        strict.origin(),
                        List.of(),
                        dev.vitals.monitors.AlertOn.DEGRADED));
        monitor("wiki", Map.of());
        for (String id : List.of("erp", "wiki")) {
            pipeline.monitors()
                    .flip(new Flip(id, clock.instant(), State.UP, State.DEGRADED, "slower than 1s", List.of()));
        }
        assertThat(told("ops")).containsExactly("firing: erp | resolved: ");
        assertThat(pipeline.store().list(Optional.of("firing"), 10))
                .extracting(a -> a.labels().get("alertname"))
                .containsExactly("monitor_degraded");
        // For wiki, degraded after down resolves its alert.
        down("wiki");
        pipeline.monitors().flip(new Flip("wiki", clock.instant(), State.DOWN, State.DEGRADED, "slow", List.of()));
        assertThat(pipeline.store().list(Optional.of("resolved"), 10))
                .extracting(a -> a.monitorId().orElseThrow())
                .containsExactly("wiki");
    }

    @Test
    void twoNodesFlushingTheSameGroupsAtOnceWriteEachNotificationOnce() throws Exception {
        route(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4), List.of("monitor"));
        AlertPipeline other = new AlertPipeline(
                new AlertStore(db),
                outbox,
                () -> settings,
                id -> Optional.ofNullable(monitors.get(id)),
                () -> List.copyOf(monitors.values()),
                id -> Optional.ofNullable(statuses.get(id)),
                List.of(),
                AlertPipelineTest::summary,
                () -> URI.create("http://vitals.test"),
                clock,
                () -> {});
        for (int i = 0; i < 50; i++) {
            monitor("m" + i, Map.of());
            down("m" + i);
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> nodes = new ArrayList<>();
        for (AlertPipeline p : List.of(pipeline, other)) {
            nodes.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                p.runOnce();
            }));
        }
        go.countDown();
        for (Thread t : nodes) {
            t.join(Duration.ofSeconds(60));
        }
        List<String> told = told("ops");
        assertThat(told).hasSize(50).doesNotHaveDuplicates();
    }
}

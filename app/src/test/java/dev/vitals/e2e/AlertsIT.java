package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.StatusTarget;
import dev.vitals.testkit.VitalsProcess;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts through the real jar: a monitor going down reaches a local webhook receiver, its recovery
 * follows, and a notification that could not be sent yet survives {@code kill -9}: after the restart
 * it is sent, once.
 */
@Tag("e2e")
class AlertsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config(StatusTarget target, HttpTargets hook) throws Exception {
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, """
                monitors:
                  - id: wiki
                    kind: http
                    url: %s
                    interval: 1s
                    timeout: 1s
                    confirm: { fail_after: 1, recover_after: 1 }
                    labels: { service: wiki, team: it }
                receivers:
                  - name: ops
                    webhook: { url: "%s" }
                route:
                  receiver: ops
                  group_by: [service]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 4h
                """.formatted(target.url("/"), hook.url("/hook")));
        return config;
    }

    /** The webhook requests received so far, as JSON. */
    private static List<JsonNode> hooks(HttpTargets hook) {
        return hook.received().stream()
                .filter(r -> r.path().equals("/hook"))
                .map(r -> {
                    try {
                        return JSON.readTree(r.body());
                    } catch (Exception e) {
                        throw new AssertionError("the webhook body is not JSON: " + r.body(), e);
                    }
                })
                .toList();
    }

    private static String status(JsonNode n) {
        return n.path("status").asText().toLowerCase(Locale.ROOT);
    }

    private static void await(HttpTargets hook, Predicate<List<JsonNode>> until, String what) throws Exception {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            if (until.test(hooks(hook))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("within " + WAIT + ": " + what + "; received " + hooks(hook));
    }

    @Test
    void aMonitorGoingDownReachesTheWebhookAndItsRecoveryFollows() throws Exception {
        try (StatusTarget target = StatusTarget.start();
                HttpTargets hook = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            try (VitalsProcess vitals = VitalsProcess.serve(config(target, hook), dir.resolve("data"))) {
                Thread.sleep(2000);
                assertThat(hooks(hook)).isEmpty();
                target.answer(500, "broken");
                await(hook, h -> h.size() == 1 && status(h.get(0)).equals("firing"), "one firing notification");
                assertThat(hooks(hook).get(0).toString()).contains("wiki");
                target.answer(200, "fine");
                await(hook, h -> h.size() == 2 && status(h.get(1)).equals("resolved"), "then one resolved");
                Thread.sleep(1500);
                assertThat(hooks(hook)).hasSize(2);
            }
        }
    }

    @Test
    void aNotificationNotYetSentSurvivesKillNineAndIsSentOnceAfterTheRestart() throws Exception {
        try (StatusTarget target = StatusTarget.start();
                HttpTargets hook = HttpTargets.http().on("/hook", Route.status(503, "busy"))) {
            Path config = config(target, hook);
            Path data = dir.resolve("data");
            try (VitalsProcess first = VitalsProcess.serve(config, data)) {
                Thread.sleep(1500);
                target.answer(500, "broken");
                // The receiver refuses for now: the notification is tried, and waits in the outbox.
                await(hook, h -> h.size() >= 2, "two refused attempts");
                first.kill();
            }
            hook.on("/hook", Route.ok("thanks"));
            int before = hooks(hook).size();
            try (VitalsProcess second = VitalsProcess.serve(config, data)) {
                await(hook, h -> h.size() > before, "the notification sent after the restart");
                Thread.sleep(3000);
                List<JsonNode> after = hooks(hook).subList(before, hooks(hook).size());
                // Sent once: every attempt carries the notification's id, and only one was accepted.
                List<String> keys = hook
                        .received()
                        .subList(before, hook.received().size())
                        .stream()
                        .map(r -> r.header("Idempotency-Key"))
                        .distinct()
                        .toList();
                assertThat(keys).hasSize(1);
                assertThat(after).hasSize(1);
                assertThat(status(after.get(0))).isEqualTo("firing");
                assertThat(hook.received().get(0).header("Idempotency-Key")).isEqualTo(keys.get(0));
            }
        }
    }

    @Test
    void alertsFromOtherSystemsAreNotifiedAndExplainedThroughTheApi() throws Exception {
        try (StatusTarget target = StatusTarget.start();
                HttpTargets hook = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            Path config = config(target, hook);
            Files.writeString(
                    config, Files.readString(config).replace("group_by: [service]", "group_by: [alertname]") + """
                            integrations:
                              - name: nagios
                                kind: webhook
                                token: nagios-token-0123456789
                              - name: legacy-pager
                                kind: pagerduty
                                routing_key: 0123456789abcdef0123456789abcdef
                            """);
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                ApiClient nagios = ApiClient.withToken(vitals.baseUrl(), "nagios-token-0123456789");
                ApiClient.Response in = nagios.post("/api/v1/integrations/webhook", """
                        {"alerts": [{"labels": {"alertname": "DiskFull", "host": "nas"},
                                     "annotations": {"summary": "the NAS disk is full"}, "status": "firing"}]}
                        """);
                assertThat(in.status()).isEqualTo(200);
                await(hook, h -> h.size() == 1 && h.get(0).toString().contains("DiskFull"), "the NAS alert");

                ApiClient pager = ApiClient.anonymous(vitals.baseUrl());
                ApiClient.Response trigger = pager.post("/v2/enqueue", """
                        {"routing_key": "0123456789abcdef0123456789abcdef", "event_action": "trigger",
                         "dedup_key": "backup-1", "payload": {"summary": "backup failed", "source": "nas",
                         "severity": "critical"}}
                        """);
                assertThat(trigger.status()).isEqualTo(202);
                assertThat(trigger.json().path("dedup_key").asText()).isEqualTo("backup-1");
                ApiClient.Response unknown = pager.post("/v2/enqueue", """
                        {"routing_key": "ffffffffffffffffffffffffffffffff", "event_action": "trigger",
                         "payload": {"summary": "x", "source": "y", "severity": "info"}}
                        """);
                assertThat(unknown.status()).isEqualTo(400);
                await(hook, h -> h.size() == 2, "the PagerDuty-style alert");
                assertThat(pager.post("/v2/enqueue", """
                                {"routing_key": "0123456789abcdef0123456789abcdef", "event_action": "resolve",
                                 "dedup_key": "backup-1"}
                                """).status()).isEqualTo(202);
                await(hook, h -> h.size() == 3 && status(h.get(2)).equals("resolved"), "its resolution");

                ApiClient admin = new ApiClient(vitals.baseUrl());
                JsonNode alerts =
                        admin.get("/api/v1/alerts?state=firing").json().path("alerts");
                assertThat(alerts).hasSize(1);
                assertThat(alerts.get(0).path("source").asText()).isEqualTo("nagios");
                JsonNode one = admin.get(
                                "/api/v1/alerts/" + alerts.get(0).path("id").asText())
                        .json();
                assertThat(one.path("why").toString())
                        .contains("Routed by route to receiver ops")
                        .contains("Told ops by webhook that it is firing: sent at");
                JsonNode sent =
                        admin.get("/api/v1/notifications?receiver=ops").json().path("notifications");
                assertThat(sent).hasSize(3);
                sent.forEach(n -> assertThat(n.path("state").asText()).isEqualTo("sent"));
            }
        }
    }

    @RegisterExtension
    static final GreenMailExtension MAIL =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(true);

    @Test
    void theIssuesExampleMailsFinanceAndSendsTheRestToTheWebhook() throws Exception {
        try (StatusTarget wiki = StatusTarget.start();
                StatusTarget payroll = StatusTarget.start();
                HttpTargets hook = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, """
                    monitors:
                      - { id: wiki, kind: http, url: "%s", interval: 1s, timeout: 1s,
                          confirm: { fail_after: 1, recover_after: 1 }, labels: { service: wiki, team: it } }
                      - { id: payroll, kind: http, url: "%s", interval: 1s, timeout: 1s,
                          confirm: { fail_after: 1, recover_after: 1 }, labels: { service: payroll, team: finance } }
                    receivers:
                      - name: ops
                        webhook: { url: "%s" }
                      - name: finance-mail
                        email: { to: [finance-it@example.org], smtp: { host: 127.0.0.1, port: %d } }
                    route:
                      receiver: ops
                      group_by: [service]
                      group_wait: 0s
                      group_interval: 30s
                      repeat_interval: 4h
                      routes:
                        - match: { team: finance }
                          receiver: finance-mail
                    """.formatted(
                            wiki.url("/"),
                            payroll.url("/"),
                            hook.url("/hook"),
                            MAIL.getSmtp().getPort()));
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                Thread.sleep(1500);
                wiki.answer(500, "broken");
                payroll.answer(503, "broken");
                await(hook, h -> h.size() == 1, "the wiki's alert at the webhook");
                assertThat(hooks(hook)
                                .get(0)
                                .path("alerts")
                                .get(0)
                                .path("monitor_id")
                                .asText())
                        .isEqualTo("wiki");
                assertThat(MAIL.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
                MimeMessage mail = MAIL.getReceivedMessages()[0];
                assertThat(mail.getSubject()).contains("FIRING").contains("payroll");
                assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("finance-it@example.org");
                Thread.sleep(1000);
                assertThat(hooks(hook)).hasSize(1); // payroll's alert went to finance only
            }
        }
    }

    @Test
    void aSilenceKeepsAnAlertQuietUntilItEndsAndAMaintenanceWindowMutesWhatItMatches() throws Exception {
        try (StatusTarget wiki = StatusTarget.start();
                StatusTarget erp = StatusTarget.start();
                HttpTargets hook = HttpTargets.http().on("/hook", Route.ok("thanks"))) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, """
                    monitors:
                      - { id: wiki, kind: http, url: "%s", interval: 1s, timeout: 1s,
                          confirm: { fail_after: 1, recover_after: 1 }, labels: { service: wiki } }
                      - { id: erp, kind: http, url: "%s", interval: 1s, timeout: 1s,
                          confirm: { fail_after: 1, recover_after: 1 }, labels: { service: erp } }
                    receivers:
                      - name: ops
                        webhook: { url: "%s" }
                    route:
                      receiver: ops
                      group_by: [service]
                      group_wait: 0s
                      group_interval: 1s
                      repeat_interval: 4h
                    maintenance:
                      - name: erp-all-day
                        cron: "0 0 * * *"
                        duration: 24h
                        tz: UTC
                        match: { service: erp }
                    """.formatted(wiki.url("/"), erp.url("/"), hook.url("/hook")));
            try (VitalsProcess vitals = VitalsProcess.serve(config, dir.resolve("data"))) {
                ApiClient admin = new ApiClient(vitals.baseUrl());
                ApiClient.Response silence = admin.post("/api/v1/silences", """
                        {"matchers": ["monitor=wiki"], "duration": "6s", "comment": "wiki deploy"}
                        """);
                assertThat(silence.status()).as(silence.text()).isEqualTo(201);
                Instant silenceEnds =
                        Instant.parse(silence.json().path("ends_at").asText());
                wiki.answer(500, "deploying");
                erp.answer(500, "patching");
                ApiClient.Response suppressed = admin.await(
                        "/api/v1/alerts?state=suppressed",
                        WAIT,
                        r -> r.json().path("alerts").size() == 2);
                assertThat(suppressed.text()).contains("wiki deploy").contains("in maintenance erp-all-day");
                assertThat(hooks(hook)).isEmpty();
                // The silence ends; the wiki is still down, so now it is told. The erp stays in maintenance.
                await(hook, h -> h.size() == 1, "the wiki's alert once its silence ended");
                assertThat(Instant.now()).isAfter(silenceEnds);
                assertThat(hooks(hook).get(0).toString()).contains("wiki").doesNotContain("\"erp\"");
                Thread.sleep(2000);
                assertThat(hooks(hook)).hasSize(1);
            }
        }
    }

    @Test
    void killNineAtRandomMomentsLosesNoNotificationAndRepeatsAtMostTheOneInFlight() throws Exception {
        int monitors = 12;
        int kills = 3;
        java.util.Random random = new java.util.Random(); // the moments vary from run to run on purpose
        try (StatusTarget target = StatusTarget.start();
                HttpTargets hook =
                        HttpTargets.http().on("/hook", Route.ok("thanks").withDelay(Duration.ofMillis(250)))) {
            target.answer(500, "broken from the start");
            StringBuilder yaml = new StringBuilder("monitors:\n");
            for (int i = 0; i < monitors; i++) {
                yaml.append("  - { id: m%d, kind: http, url: \"%s\", interval: 1s, timeout: 1s,"
                                .formatted(i, target.url("/")))
                        .append(" confirm: { fail_after: 1, recover_after: 1 } }\n");
            }
            yaml.append("""
                    receivers:
                      - name: ops
                        webhook: { url: "%s" }
                    route:
                      receiver: ops
                      group_by: [monitor]
                      group_wait: 0s
                      group_interval: 1s
                      repeat_interval: 4h
                    """.formatted(hook.url("/hook")));
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, yaml.toString());
            Path data = dir.resolve("data");
            for (int k = 0; k < kills; k++) {
                try (VitalsProcess vitals = VitalsProcess.serve(config, data)) {
                    Thread.sleep(500 + random.nextInt(2500));
                    vitals.kill();
                }
            }
            try (VitalsProcess last = VitalsProcess.serve(config, data)) {
                await(
                        hook,
                        h -> h.stream()
                                        .map(n -> n.path("alerts")
                                                .get(0)
                                                .path("monitor_id")
                                                .asText())
                                        .distinct()
                                        .count()
                                == monitors,
                        "every monitor's alert told");
                Thread.sleep(2000);
                List<String> keys = hook.received().stream()
                        .map(r -> r.header("Idempotency-Key"))
                        .toList();
                long distinct = keys.stream().distinct().count();
                // Each notification is one Idempotency-Key; only a send under way at a kill (one per
                // receiver, its lane sends one at a time) may be sent again after the restart.
                assertThat(distinct).isEqualTo(monitors);
                assertThat(keys.size() - distinct).isLessThanOrEqualTo(kills);
            }
        }
    }

    @Test
    void aReceiverAndARouteMadeThroughTheApiTakeTheirTeamsAlertsAndOutliveARestart() throws Exception {
        try (StatusTarget wiki = StatusTarget.start();
                StatusTarget payroll = StatusTarget.start();
                HttpTargets hook =
                        HttpTargets.http().on("/hook", Route.ok("thanks")).on("/payroll", Route.ok("ok"))) {
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, """
                    monitors:
                      - { id: wiki, kind: http, url: "%s", interval: 1s, timeout: 1s,
                          confirm: { fail_after: 1, recover_after: 1 }, labels: { service: wiki, team: it } }
                      - { id: payroll-app, kind: http, url: "%s", interval: 1s, timeout: 1s,
                          confirm: { fail_after: 1, recover_after: 1 }, labels: { service: payroll, team: payroll } }
                    receivers:
                      - name: ops
                        webhook: { url: "%s" }
                    route:
                      receiver: ops
                      group_by: [service]
                      group_wait: 0s
                      group_interval: 1s
                      repeat_interval: 4h
                    """.formatted(wiki.url("/"), payroll.url("/"), hook.url("/hook")));
            Path data = dir.resolve("data");
            try (VitalsProcess vitals = VitalsProcess.serve(config, data)) {
                ApiClient admin = new ApiClient(vitals.baseUrl());
                ApiClient.Response made = admin.post("/api/v1/receivers", """
                        {"name": "payroll-team", "webhook": {"url": "%s", "secret": "payroll-signing-key"}}
                        """.formatted(hook.url("/payroll")));
                assertThat(made.status()).as(made.text()).isEqualTo(201);
                assertThat(made.text()).doesNotContain("payroll-signing-key");
                ApiClient.Response routed = admin.put("/api/v1/routes", """
                        {"routes": [{"match": {"team": "payroll"}, "receiver": "payroll-team"}]}
                        """);
                assertThat(routed.status()).as(routed.text()).isEqualTo(200);
                payroll.answer(500, "broken");
                wiki.answer(500, "broken");
                await(
                        hook,
                        h -> h.size() == 1
                                && hook.received().stream()
                                        .anyMatch(r -> r.path().equals("/payroll")),
                        "the payroll team's and ops's notifications");
                List<HttpTargets.Received> toPayroll = hook.received().stream()
                        .filter(r -> r.path().equals("/payroll"))
                        .toList();
                assertThat(toPayroll).hasSize(1);
                assertThat(toPayroll.get(0).body()).contains("payroll-app").doesNotContain("\"wiki\"");
                assertThat(toPayroll.get(0).header("X-Vitals-Signature")).isNotBlank();
                assertThat(hooks(hook).stream()
                                .filter(n -> n.path("receiver").asText().equals("ops")))
                        .singleElement()
                        .satisfies(
                                n -> assertThat(n.toString()).contains("wiki").doesNotContain("payroll-app"));
            }
            // Made through the API, kept in the database: after a restart the recovery goes to the same place.
            try (VitalsProcess vitals = VitalsProcess.serve(config, data)) {
                payroll.answer(200, "fine");
                await(
                        hook,
                        h -> hook.received().stream()
                                        .filter(r -> r.path().equals("/payroll"))
                                        .count()
                                == 2,
                        "the payroll team told of the recovery after the restart");
                ApiClient.Response tree = new ApiClient(vitals.baseUrl()).get("/api/v1/routes");
                assertThat(tree.json().at("/route/routes/0/origin").asText()).isEqualTo("api");
            }
        }
    }
}

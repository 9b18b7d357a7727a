package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.alerting.Integration;
import dev.vitals.alerting.inbound.ExternalAlert;
import dev.vitals.config.Secret;
import dev.vitals.testkit.RawHttp;
import dev.vitals.testkit.RecordingIntake.Call;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts sent in by other systems through the real API server, each route with its credential. */
class IntegrationRoutesTest {
    static final String AM_TOKEN = "am-secret-token";
    static final String HOOK_TOKEN = "hook-secret-token";
    static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    ApiHarness h;

    @BeforeEach
    void start() {
        h = new ApiHarness(dir);
        h.integrations.add(new Integration("prometheus", Integration.Kind.ALERTMANAGER, new Secret(AM_TOKEN)));
        h.integrations.add(new Integration("scripts", Integration.Kind.WEBHOOK, new Secret(HOOK_TOKEN)));
        h.integrations.add(new Integration("legacy-pager", Integration.Kind.PAGERDUTY, new Secret(ROUTING_KEY)));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static final String AM_WEBHOOK = """
            {"version": "4", "status": "firing", "receiver": "vitals", "groupKey": "{}:{alertname=\\"Down\\"}",
             "truncatedAlerts": 0, "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
             "externalURL": "http://am:9093",
             "alerts": [
               {"status": "firing", "labels": {"alertname": "Down", "service": "erp"},
                "annotations": {"summary": "ERP is down"}, "startsAt": "2026-11-24T09:59:00Z",
                "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prom/graph", "fingerprint": "abc"},
               {"status": "resolved", "labels": {"alertname": "Slow", "service": "erp"},
                "annotations": {}, "startsAt": "2026-11-24T09:00:00Z", "endsAt": "2026-11-24T09:30:00Z"}
             ]}
            """;

    private ApiHarness.Answer post(String path, String body, String token) {
        return h.send("POST", path, Optional.of(body), new ApiHarness.As.Bearer(token));
    }

    private ApiHarness.Answer post(String path, String body) {
        return h.send("POST", path, Optional.of(body), new ApiHarness.As.Nobody());
    }

    private static JsonNode json(ApiHarness.Answer a) throws Exception {
        return Json.MAPPER.readTree(a.body());
    }

    @Test
    void alertmanagersWebhookMessageIsHandedToTheIntakeUnderTheIntegrationsName() throws Exception {
        ApiHarness.Answer a = post("/api/v1/integrations/alertmanager", AM_WEBHOOK, AM_TOKEN);

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(json(a).path("received").asInt()).isEqualTo(2);
        Call.Received r = (Call.Received) h.intake.calls().getFirst();
        assertThat(r.source()).isEqualTo("prometheus");
        assertThat(r.alerts()).hasSize(2);
        ExternalAlert down = r.alerts().get(0);
        assertThat(down.labels()).containsEntry("alertname", "Down").containsEntry("service", "erp");
        assertThat(down.annotations()).containsEntry("summary", "ERP is down");
        assertThat(down.status()).isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(down.startsAt()).hasValue(Instant.parse("2026-11-24T09:59:00Z"));
        assertThat(down.endsAt()).isEmpty();
        assertThat(down.link()).hasValue("http://prom/graph");
        assertThat(r.alerts().get(1).status()).isEqualTo(ExternalAlert.Status.RESOLVED);
    }

    @Test
    void theAlertsApiAnswersAsAlertmanagerDoesAndAnAlertWhoseEndHasPassedIsResolved() {
        String body = """
                [{"labels": {"alertname": "Down"}, "startsAt": "2026-11-24T09:00:00Z", "endsAt": "2026-11-24T10:04:00Z"},
                 {"labels": {"alertname": "Gone"}, "startsAt": "2026-11-24T09:00:00Z", "endsAt": "2026-11-24T09:59:00Z"}]
                """;
        ApiHarness.Answer a = post("/api/v2/alerts", body, AM_TOKEN);

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.body()).isEmpty();
        Call.Received r = (Call.Received) h.intake.calls().getFirst();
        assertThat(r.source()).isEqualTo("prometheus");
        assertThat(r.alerts())
                .extracting(ExternalAlert::status)
                .containsExactly(ExternalAlert.Status.FIRING, ExternalAlert.Status.RESOLVED);
    }

    @Test
    void theGenericWebhookTakesAListOfAlertsOrOneAlertAlone() throws Exception {
        ApiHarness.Answer list = post("/api/v1/integrations/webhook", """
                {"alerts": [
                  {"labels": {"job": "backup"}, "annotations": {"summary": "backup failed"}, "link": "https://ci/42"},
                  {"labels": {"job": "export"}, "status": "resolved"}]}
                """, HOOK_TOKEN);
        ApiHarness.Answer one = post(
                "/api/v1/integrations/webhook",
                "{\"labels\": {\"job\": \"nightly\"}, \"ends_at\": \"2026-11-24T09:00:00Z\"}",
                HOOK_TOKEN);

        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(json(list).path("received").asInt()).isEqualTo(2);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        List<Call> calls = h.intake.calls();
        Call.Received first = (Call.Received) calls.get(0);
        assertThat(first.source()).isEqualTo("scripts");
        assertThat(first.alerts().get(0).link()).hasValue("https://ci/42");
        assertThat(first.alerts())
                .extracting(ExternalAlert::status)
                .containsExactly(ExternalAlert.Status.FIRING, ExternalAlert.Status.RESOLVED);
        Call.Received second = (Call.Received) calls.get(1);
        assertThat(second.alerts()).singleElement().satisfies(x -> {
            assertThat(x.labels()).isEqualTo(Map.of("job", "nightly"));
            // No status, and its end has passed: resolved.
            assertThat(x.status()).isEqualTo(ExternalAlert.Status.RESOLVED);
        });
    }

    @Test
    void aMisspeltFieldOfTheWebhookIsRefusedByName() throws Exception {
        ApiHarness.Answer a = post("/api/v1/integrations/webhook", "{\"lables\": {\"job\": \"x\"}}", HOOK_TOKEN);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
        assertThat(json(a).path("errors").findValuesAsText("field")).contains("lables", "labels");
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void aMalformedPayloadIsA400NamingEveryProblemAndNothingIsTaken() throws Exception {
        String body = """
                {"version": "3", "alerts": [
                  {"status": "firing", "labels": {"alertname": "Ok"}},
                  {"status": "burning", "labels": {"9bad": "x"}, "startsAt": "yesterday"}]}
                """;
        ApiHarness.Answer a = post("/api/v1/integrations/alertmanager", body, AM_TOKEN);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
        assertThat(json(a).path("errors").findValuesAsText("field"))
                .contains("version", "alerts[1].status", "alerts[1].labels.9bad", "alerts[1].startsAt");
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void bodiesThatAreNotJsonAreA400OnEveryRoute() throws Exception {
        for (String[] route : new String[][] {
            {"/api/v1/integrations/alertmanager", AM_TOKEN},
            {"/api/v2/alerts", AM_TOKEN},
            {"/api/v1/integrations/webhook", HOOK_TOKEN}
        }) {
            ApiHarness.Answer a = post(route[0], "{\"alerts\": [", route[1]);
            assertThat(a.status()).as(route[0]).isEqualTo(400);
            assertThat(json(a).path("detail").asText()).as(route[0]).contains("not valid JSON at line 1");
        }
        ApiHarness.Answer pd = post("/v2/enqueue", "not json");
        assertThat(pd.status()).isEqualTo(400);
        assertThat(json(pd).path("errors").get(0).asText()).contains("not valid JSON");
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void aMissingOrUnknownTokenIsA401ThatDoesNotSayWhichTokensExist() throws Exception {
        ApiHarness.Answer none = post("/api/v1/integrations/alertmanager", AM_WEBHOOK);
        ApiHarness.Answer unknown = post("/api/v1/integrations/alertmanager", AM_WEBHOOK, "am-secret-toke");
        ApiHarness.Answer basic = h.send(
                "POST",
                "/api/v2/alerts",
                Optional.of("[]"),
                new ApiHarness.As.Nobody(),
                Map.of("Authorization", "Basic YW06c2VjcmV0"));
        // A user's token is not an integration's: these routes are not the user API.
        ApiHarness.Answer user = post("/api/v1/integrations/webhook", "{}", ApiHarness.BOOTSTRAP);

        for (ApiHarness.Answer a : List.of(none, unknown, basic, user)) {
            assertThat(a.status()).as(a.body()).isEqualTo(401);
            assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
            assertThat(a.body()).doesNotContain("prometheus").doesNotContain("scripts");
        }
        assertThat(json(unknown).path("detail").asText())
                .isEqualTo(json(user).path("detail").asText().replace("webhook", "alertmanager"));
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void theTokenOfAnIntegrationOfAnotherKindIsRefused() {
        ApiHarness.Answer a = post("/api/v1/integrations/alertmanager", AM_WEBHOOK, HOOK_TOKEN);
        ApiHarness.Answer b = post("/api/v1/integrations/webhook", "{\"labels\": {\"a\": \"b\"}}", AM_TOKEN);
        ApiHarness.Answer c = post("/api/v2/alerts", "[]", ROUTING_KEY);

        assertThat(List.of(a.status(), b.status(), c.status())).containsOnly(403);
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void aReloadedConfigurationRevokesAndAddsTokensAtOnce() {
        assertThat(post("/api/v2/alerts", "[]", AM_TOKEN).status()).isEqualTo(200);
        h.integrations.removeIf(i -> i.name().equals("prometheus"));
        h.integrations.add(new Integration("prometheus", Integration.Kind.ALERTMANAGER, new Secret("rotated")));

        assertThat(post("/api/v2/alerts", "[]", AM_TOKEN).status()).isEqualTo(401);
        assertThat(post("/api/v2/alerts", "[]", "rotated").status()).isEqualTo(200);
    }

    @Test
    void aPagerDutyTriggerIsAcceptedAsPagerDutyAnswersIt() throws Exception {
        ApiHarness.Answer a = post("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "disk-full-db1",
                 "client_url": "https://monitoring/db1",
                 "payload": {"summary": "Disk full on db1", "source": "db1", "severity": "critical",
                             "component": "postgres", "custom_details": {"free": "0%%"}}}
                """.formatted(ROUTING_KEY));

        assertThat(a.status()).as(a.body()).isEqualTo(202);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(json(a))
                .isEqualTo(Json.MAPPER.readTree(
                        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"disk-full-db1\"}"));
        Call.Triggered t = (Call.Triggered) h.intake.calls().getFirst();
        assertThat(t.source()).isEqualTo("legacy-pager");
        assertThat(t.dedupKey()).isEqualTo("disk-full-db1");
        assertThat(t.alert().labels())
                .containsEntry("source", "db1")
                .containsEntry("severity", "critical")
                .containsEntry("component", "postgres");
        assertThat(t.alert().annotations()).containsEntry("summary", "Disk full on db1");
        assertThat(t.alert().link()).hasValue("https://monitoring/db1");
    }

    @Test
    void aTriggerWithoutADedupKeyGetsOneAndItResolvesTheAlert() throws Exception {
        ApiHarness.Answer trigger = post("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger",
                 "payload": {"summary": "Queue stuck", "source": "mq1", "severity": "error"}}
                """.formatted(ROUTING_KEY));
        assertThat(trigger.status()).as(trigger.body()).isEqualTo(202);
        String key = json(trigger).path("dedup_key").asText();
        assertThat(key).matches("[0-9a-f]{32}");

        ApiHarness.Answer resolve = post(
                "/v2/enqueue",
                "{\"routing_key\": \"%s\", \"event_action\": \"resolve\", \"dedup_key\": \"%s\"}"
                        .formatted(ROUTING_KEY, key));

        assertThat(resolve.status()).isEqualTo(202);
        assertThat(json(resolve).path("dedup_key").asText()).isEqualTo(key);
        assertThat(h.intake.calls())
                .containsExactly(
                        new Call.Triggered(
                                "legacy-pager",
                                key,
                                ((Call.Triggered) h.intake.calls().getFirst()).alert()),
                        new Call.Resolved("legacy-pager", key));
    }

    @Test
    void anAcknowledgeIsAcceptedAndChangesNothingYet() throws Exception {
        ApiHarness.Answer a = post(
                "/v2/enqueue",
                "{\"routing_key\": \"%s\", \"event_action\": \"acknowledge\", \"dedup_key\": \"k1\"}"
                        .formatted(ROUTING_KEY));

        assertThat(a.status()).isEqualTo(202);
        assertThat(json(a).path("dedup_key").asText()).isEqualTo("k1");
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void anUnknownRoutingKeyIsRefusedAsPagerDutyRefusesIt() throws Exception {
        String event = """
                {"routing_key": "%s", "event_action": "trigger",
                 "payload": {"summary": "s", "source": "x", "severity": "info"}}
                """;
        for (String key : List.of("ffffffffffffffffffffffffffffffff", AM_TOKEN)) {
            ApiHarness.Answer a = post("/v2/enqueue", event.formatted(key));
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/json");
            JsonNode body = json(a);
            assertThat(body.path("status").asText()).isEqualTo("invalid event");
            assertThat(body.path("message").asText()).isEqualTo("Event object is invalid");
            assertThat(body.path("errors").get(0).asText()).startsWith("routing_key:");
        }
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void aMalformedEventIsRefusedNamingEveryProblemInPagerDutysShape() throws Exception {
        ApiHarness.Answer a = post("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger",
                 "payload": {"summary": "", "severity": "dire"}}
                """.formatted(ROUTING_KEY));

        assertThat(a.status()).isEqualTo(400);
        JsonNode body = json(a);
        assertThat(body.path("status").asText()).isEqualTo("invalid event");
        assertThat(body.path("errors").toString()).contains("payload.summary", "payload.source", "payload.severity");
        ApiHarness.Answer noAction = post("/v2/enqueue", "{\"routing_key\": \"%s\"}".formatted(ROUTING_KEY));
        assertThat(json(noAction).path("errors").toString()).contains("event_action: is required");
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void aBodyOver512KibIsA413OnEveryRouteEvenWithAValidCredential() throws Exception {
        String padding = " ".repeat(IntegrationRoutes.MAX_BODY);
        for (String[] route : new String[][] {
            {"/api/v1/integrations/alertmanager", AM_TOKEN},
            {"/api/v2/alerts", AM_TOKEN},
            {"/api/v1/integrations/webhook", HOOK_TOKEN}
        }) {
            ApiHarness.Answer a = post(route[0], "[]" + padding, route[1]);
            assertThat(a.status()).as(route[0]).isEqualTo(413);
            assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
            assertThat(json(a).path("detail").asText()).contains("512 KiB");
        }
        ApiHarness.Answer pd = post(
                "/v2/enqueue",
                "{\"routing_key\": \"%s\", \"event_action\": \"acknowledge\", \"dedup_key\": \"k\"}"
                                .formatted(ROUTING_KEY)
                        + padding);
        assertThat(pd.status()).isEqualTo(413);
        assertThat(json(pd).path("status").asText()).isEqualTo("invalid event");
        assertThat(h.intake.calls()).isEmpty();
    }

    @Test
    void aChunkedBodyOver512KibIsA413Too() throws Exception {
        RawHttp raw = new RawHttp("127.0.0.1", h.server.port());
        byte[] body = ("[" + " ".repeat(IntegrationRoutes.MAX_BODY) + "]").getBytes(StandardCharsets.UTF_8);
        byte[] request = raw.request("POST", "/api/v2/alerts")
                .header("Authorization", "Bearer " + AM_TOKEN)
                .header("Content-Type", "application/json")
                .chunked(body, 16 * 1024);

        RawHttp.Reply r = raw.exchange("POST", request, Duration.ofSeconds(5));

        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.contentType()).startsWith(ApiServer.PROBLEM_JSON);
        assertThat(h.intake.calls()).isEmpty();
    }
}

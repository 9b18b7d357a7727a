package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.accounts.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/silences} through real HTTP: make, list, preview, expire, and every bad input. */
class SilenceRoutesTest {
    @TempDir
    Path dir;

    ApiHarness h;
    ApiHarness.As admin;
    ApiHarness.As rita;
    ApiHarness.As vera;

    @BeforeEach
    void start() {
        h = new ApiHarness(dir);
        admin = h.signedIn("ada", Role.ADMIN, List.of());
        rita = h.signedIn("rita", Role.RESPONDER, List.of("finance"));
        vera = h.signedIn("vera", Role.VIEWER, List.of("finance"));
        h.registry.create("{\"id\": \"erp-web\", \"kind\": \"http\", \"url\": \"http://127.0.0.1:9/\","
                + " \"labels\": {\"team\": \"finance\", \"service\": \"erp\"}}");
        h.registry.create("{\"id\": \"crm-web\", \"kind\": \"http\", \"url\": \"http://127.0.0.1:9/\","
                + " \"labels\": {\"team\": \"finance\", \"service\": \"crm\"}}");
        h.registry.create("{\"id\": \"mail\", \"kind\": \"http\", \"url\": \"http://127.0.0.1:9/\","
                + " \"labels\": {\"team\": \"it\", \"service\": \"mail\"}}");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static JsonNode json(ApiHarness.Answer a) throws Exception {
        return Json.MAPPER.readTree(a.body());
    }

    private ApiHarness.Answer post(String path, String body, ApiHarness.As as) {
        return h.send("POST", path, Optional.of(body), as);
    }

    private static final String ERP_SILENCE =
            "{\"matchers\": [\"team=finance\", {\"name\": \"service\", \"op\": \"=~\", \"value\": \"erp|hr\"}],"
                    + " \"duration\": \"2h\", \"comment\": \"ERP upgrade\"}";

    @Test
    void aSilenceIsMadeListedReadAndExpired() throws Exception {
        ApiHarness.Answer made = post("/api/v1/silences", ERP_SILENCE, rita);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode s = json(made);
        String id = s.get("id").asText();
        assertThat(made.headers().firstValue("Location")).contains("/api/v1/silences/" + id);
        assertThat(s.get("state").asText()).isEqualTo("active");
        assertThat(s.get("created_by").asText()).isEqualTo("rita");
        assertThat(s.get("ends_at").asText()).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(s.get("matchers").get(1).get("op").asText()).isEqualTo("=~");
        assertThat(h.silences.muting(Map.of("team", "finance", "service", "erp"), h.clock.instant()))
                .isPresent();

        JsonNode listed = json(h.send("GET", "/api/v1/silences?state=active", Optional.empty(), vera));
        assertThat(listed.get("silences")).hasSize(1);
        assertThat(json(h.send("GET", "/api/v1/silences?state=pending", Optional.empty(), vera))
                        .get("silences"))
                .isEmpty();
        assertThat(json(h.send("GET", "/api/v1/silences/" + id, Optional.empty(), vera))
                        .get("comment")
                        .asText())
                .isEqualTo("ERP upgrade");

        h.clock.advance(Duration.ofMinutes(5));
        ApiHarness.Answer expired = h.send("DELETE", "/api/v1/silences/" + id, Optional.empty(), rita);
        assertThat(expired.status()).as(expired.body()).isEqualTo(200);
        assertThat(json(expired).get("state").asText()).isEqualTo("expired");
        assertThat(json(expired).get("ends_at").asText()).isEqualTo("2026-11-24T10:05:00Z");
        assertThat(json(h.send("GET", "/api/v1/silences?state=expired", Optional.empty(), vera))
                        .get("silences"))
                .hasSize(1);
        assertThat(json(h.send("GET", "/api/v1/silences", Optional.empty(), vera))
                        .get("silences"))
                .hasSize(1);

        List<String> audit = h.db.read(
                c -> dev.vitals.store.Sql.list(c, "SELECT action FROM audit ORDER BY 1", rs -> rs.getString(1)));
        assertThat(audit).contains("silence.create", "silence.expire");
    }

    @Test
    void aPreviewNamesTheMonitorsTheMatchersWouldMute() throws Exception {
        ApiHarness.Answer a = post("/api/v1/silences/preview", "{\"matchers\": [\"service=~\\\"erp|mail\\\"\"]}", vera);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode p = json(a);
        assertThat(p.get("count").asInt()).isEqualTo(2);
        assertThat(p.get("matches").findValuesAsText("id")).containsExactly("erp-web", "mail");
        assertThat(p.get("matches").get(0).get("labels").get("monitor").asText())
                .isEqualTo("erp-web");
        assertThat(p.get("matches").get(0).get("kind").asText()).isEqualTo("monitor");
    }

    @Test
    void everyBadInputIsABadRequestNamingTheField() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"duration\": \"1h\", \"comment\": \"x\"}", "matchers");
        cases.put("{\"matchers\": [], \"duration\": \"1h\", \"comment\": \"x\"}", "matchers");
        cases.put("{\"matchers\": \"team=finance\", \"duration\": \"1h\", \"comment\": \"x\"}", "matchers");
        cases.put(
                "{\"matchers\": [\"team=~\\\"(fin\\\"\"], \"duration\": \"1h\", \"comment\": \"x\"}",
                "matchers[0].value");
        cases.put(
                "{\"matchers\": [{\"name\": \"\", \"value\": \"x\"}], \"duration\": \"1h\", \"comment\": \"x\"}",
                "matchers[0].name");
        cases.put(
                "{\"matchers\": [{\"name\": \"team\", \"op\": \"==\", \"value\": \"x\"}], \"duration\": \"1h\","
                        + " \"comment\": \"x\"}",
                "matchers[0].op");
        cases.put("{\"matchers\": [\"team=~\\\".*\\\"\"], \"duration\": \"1h\", \"comment\": \"x\"}", "matchers");
        cases.put("{\"matchers\": [\"team=finance\"], \"duration\": \"1h\"}", "comment");
        cases.put("{\"matchers\": [\"team=finance\"], \"duration\": \"1h\", \"comment\": \"  \"}", "comment");
        cases.put("{\"matchers\": [\"team=finance\"], \"comment\": \"x\"}", "ends_at");
        cases.put("{\"matchers\": [\"team=finance\"], \"ends_at\": \"tomorrow\", \"comment\": \"x\"}", "ends_at");
        cases.put(
                "{\"matchers\": [\"team=finance\"], \"ends_at\": \"2026-11-24T09:00:00Z\", \"comment\": \"x\"}",
                "ends_at");
        cases.put(
                "{\"matchers\": [\"team=finance\"], \"ends_at\": \"2027-11-24T09:00:00Z\", \"comment\": \"x\"}",
                "ends_at");
        cases.put("{\"matchers\": [\"team=finance\"], \"duration\": \"forever\", \"comment\": \"x\"}", "duration");
        cases.put("{\"matchers\": [\"team=finance\"], \"duration\": \"999999999d\", \"comment\": \"x\"}", "duration");
        cases.put(
                "{\"matchers\": [\"team=finance\"], \"starts_at\": 5, \"duration\": \"1h\", \"comment\": \"x\"}",
                "starts_at");
        cases.put("{\"matchers\": [\"team=finance\"], \"duration\": \"1h\", \"comment\": \"x\", \"by\": \"me\"}", "by");
        cases.put("[1]", "body");
        cases.put("{not json", "body");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ApiHarness.Answer a = post("/api/v1/silences", c.getKey(), admin);
            assertThat(a.status()).as(c.getKey() + " -> " + a.body()).isEqualTo(400);
            assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
            assertThat(json(a).get("field").asText())
                    .as(c.getKey() + " -> " + a.body())
                    .isEqualTo(c.getValue());
        }
        ApiHarness.Answer badState = h.send("GET", "/api/v1/silences?state=gone", Optional.empty(), admin);
        assertThat(badState.status()).isEqualTo(400);
        assertThat(json(badState).get("field").asText()).isEqualTo("state");
        assertThat(h.send("GET", "/api/v1/silences/nope", Optional.empty(), admin)
                        .status())
                .isEqualTo(404);
        assertThat(h.send("DELETE", "/api/v1/silences/nope", Optional.empty(), admin)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aViewerCannotMakeOrExpireASilence() {
        ApiHarness.Answer a = post("/api/v1/silences", ERP_SILENCE, vera);
        assertThat(a.status()).as(a.body()).isEqualTo(403);
        String id = h.silences
                .create(dev.vitals.silences.SilenceRequest.fromJson(ERP_SILENCE), "ada")
                .id();
        assertThat(h.send("DELETE", "/api/v1/silences/" + id, Optional.empty(), vera)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aResponderSilencesOnlyAlertsOfTheirOwnTeams() throws Exception {
        ApiHarness.Answer other = post(
                "/api/v1/silences", "{\"matchers\": [\"team=it\"], \"duration\": \"1h\", \"comment\": \"x\"}", rita);
        assertThat(other.status()).isEqualTo(403);
        assertThat(json(other).get("detail").asText()).contains("team \"it\"");
        ApiHarness.Answer noTeam = post(
                "/api/v1/silences",
                "{\"matchers\": [\"service=erp\"], \"duration\": \"1h\", \"comment\": \"x\"}",
                rita);
        assertThat(noTeam.status()).isEqualTo(403);
        assertThat(json(noTeam).get("detail").asText()).contains("team=");
        ApiHarness.Answer byAdmin = post(
                "/api/v1/silences",
                "{\"matchers\": [\"service=erp\"], \"duration\": \"1h\", \"comment\": \"x\"}",
                admin);
        assertThat(byAdmin.status()).isEqualTo(201);
    }
}

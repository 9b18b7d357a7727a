package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.accounts.Role;
import dev.vitals.maintenance.MaintenanceWindow;
import dev.vitals.maintenance.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/maintenances} through real HTTP. */
class MaintenanceRoutesTest {
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
        h.registry.create("{\"id\": \"mail\", \"kind\": \"http\", \"url\": \"http://127.0.0.1:9/\","
                + " \"labels\": {\"team\": \"it\", \"service\": \"mail\"}}");
        h.maintenances.useFileWindows(List.of(new MaintenanceWindow(
                "backup",
                new Schedule.Once(LocalDateTime.parse("2026-11-24T09:30")),
                Duration.ofHours(1),
                ZoneId.of("UTC"),
                Map.of("service", "mail"))));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static JsonNode json(ApiHarness.Answer a) throws Exception {
        return Json.MAPPER.readTree(a.body());
    }

    private static final String PATCH = "{\"name\": \"patch-tuesday\", \"rrule\": \"FREQ=MONTHLY;BYDAY=2TU\","
            + " \"start\": \"22:00\", \"duration\": \"2h\", \"tz\": \"Europe/Berlin\","
            + " \"match\": {\"team\": \"finance\", \"service\": \"erp\"}}";

    @Test
    void aWindowIsMadeListedWithTheFilesAndEnded() throws Exception {
        ApiHarness.Answer made = h.send("POST", "/api/v1/maintenances", Optional.of(PATCH), rita);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(json(made).get("origin").asText()).isEqualTo("api");
        assertThat(json(made).get("next").get("start").asText()).isEqualTo("2026-12-08T21:00:00Z");

        JsonNode list = json(h.send("GET", "/api/v1/maintenances", Optional.empty(), vera))
                .get("maintenances");
        assertThat(list.findValuesAsText("name")).containsExactly("backup", "patch-tuesday");
        JsonNode backup = list.get(0);
        assertThat(backup.get("origin").asText()).isEqualTo("file");
        assertThat(backup.get("active").asBoolean()).isTrue();
        assertThat(backup.get("current").get("end").asText()).isEqualTo("2026-11-24T10:30:00Z");
        assertThat(backup.get("schedule").asText()).isEqualTo("once, at 2026-11-24 09:30 UTC, for 1 h");

        ApiHarness.Answer ended = h.send("DELETE", "/api/v1/maintenances/patch-tuesday", Optional.empty(), rita);
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(json(ended).get("ended_at").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(json(ended).get("next").isNull()).isTrue();
        List<String> audit = h.db.read(
                c -> dev.vitals.store.Sql.list(c, "SELECT action FROM audit ORDER BY 1", rs -> rs.getString(1)));
        assertThat(audit).contains("maintenance.create", "maintenance.end");
    }

    @Test
    void aWindowOfTheFileCannotBeEndedThroughTheApi() throws Exception {
        ApiHarness.Answer a = h.send("DELETE", "/api/v1/maintenances/backup", Optional.empty(), admin);
        assertThat(a.status()).isEqualTo(409);
        assertThat(json(a).get("detail").asText()).contains("configuration file");
        assertThat(h.send("DELETE", "/api/v1/maintenances/nope", Optional.empty(), admin)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aPreviewNamesWhatTheWindowCoversAndItsNextOccurrences() throws Exception {
        ApiHarness.Answer a = h.send("POST", "/api/v1/maintenances/preview", Optional.of(PATCH), vera);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode p = json(a);
        assertThat(p.get("matches").findValuesAsText("id")).containsExactly("erp-web");
        assertThat(p.get("occurrences")).hasSize(5);
        assertThat(p.get("occurrences").get(0).get("start").asText()).isEqualTo("2026-12-08T21:00:00Z");
        assertThat(h.maintenances.list()).hasSize(1);
    }

    @Test
    void everyBadInputIsABadRequestNamingTheField() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(PATCH.replace("Europe/Berlin", "Mars/Olympus"), "tz");
        cases.put(PATCH.replace("\"2h\"", "\"40d\""), "duration");
        cases.put(PATCH.replace("2TU", "2XX"), "rrule");
        cases.put(PATCH.replace("\"start\": \"22:00\", ", ""), "start");
        cases.put(PATCH.replace("\"name\": \"patch-tuesday\", ", ""), "name");
        cases.put(PATCH.replace("\"tz\"", "\"zone\""), "tz");
        cases.put("[]", "body");
        cases.put("{nope", "body");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ApiHarness.Answer a = h.send("POST", "/api/v1/maintenances", Optional.of(c.getKey()), admin);
            assertThat(a.status()).as(c.getKey() + " -> " + a.body()).isEqualTo(400);
            assertThat(a.contentType()).startsWith(ApiServer.PROBLEM_JSON);
            assertThat(json(a).get("field").asText())
                    .as(c.getKey() + " -> " + a.body())
                    .isEqualTo(c.getValue());
        }
    }

    @Test
    void aViewerCannotMakeAWindowAndAResponderOnlyForTheirTeam() {
        assertThat(h.send("POST", "/api/v1/maintenances", Optional.of(PATCH), vera)
                        .status())
                .isEqualTo(403);
        String it = PATCH.replace("\"team\": \"finance\"", "\"team\": \"it\"");
        assertThat(h.send("POST", "/api/v1/maintenances", Optional.of(it), rita).status())
                .isEqualTo(403);
        assertThat(h.send("POST", "/api/v1/maintenances", Optional.of(PATCH), rita)
                        .status())
                .isEqualTo(201);
        assertThat(h.send("POST", "/api/v1/maintenances", Optional.of(PATCH), rita)
                        .status())
                .as("the name is taken")
                .isEqualTo(409);
    }
}

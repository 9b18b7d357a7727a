package dev.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Role;
import dev.vitals.api.ApiHarness;
import dev.vitals.maintenance.Maintenances;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance windows page, driven as a browser drives it: windows of the file and of the API,
 * the form with the file's keys, previews with the next occurrences, and ending an API window. The
 * harness's clock starts at 2026-11-24T10:00:00Z.
 */
class MaintenancePagesTest {
    @TempDir
    Path dir;

    private ApiHarness h;
    private ApiHarness.As.Browser admin;
    private ApiHarness.As.Browser viewer;

    @BeforeEach
    void start() {
        h = new ApiHarness(dir);
        admin = h.signedIn("ada", Role.ADMIN, List.of());
        viewer = h.signedIn("vera", Role.VIEWER, List.of());
        h.evaluator.track(h.registry.create("{\"id\": \"erp-db\", \"name\": \"erp-db\", \"kind\": \"tcp\","
                + " \"host\": \"127.0.0.1\", \"port\": 9, \"labels\": {\"service\": \"erp\"}}"));
        h.evaluator.track(h.registry.create("{\"id\": \"files\", \"name\": \"files\", \"kind\": \"tcp\","
                + " \"host\": \"127.0.0.1\", \"port\": 9, \"labels\": {\"service\": \"files\"}}"));
        h.maintenances.useFileWindows(List.of(Maintenances.parse("{\"name\": \"patch-tuesday\", \"rrule\":"
                + " \"FREQ=MONTHLY;BYDAY=2TU\", \"start\": \"22:00\", \"duration\": \"2h\", \"tz\": \"Europe/Berlin\","
                + " \"match\": {\"service\": \"erp\"}}")));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Document page(ApiHarness.As as) {
        ApiHarness.Answer a = h.send("GET", "/maintenances", Optional.empty(), as);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return Jsoup.parse(a.body());
    }

    private ApiHarness.Answer post(String path, ApiHarness.As as, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(fields[i]).append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return h.send(
                "POST",
                path,
                Optional.of(body.toString()),
                as,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
    }

    private static String[] oneOff(String name, String match) {
        return new String[] {"name", name, "start", "2026-11-24T10:30", "duration", "2h", "tz", "UTC", "match", match};
    }

    @Test
    void theFilesWindowIsListedWithItsScheduleInWordsAndNextOccurrenceButNoEndButton() {
        Document d = page(admin);
        Element w = d.selectFirst("#windows tr.window");
        assertThat(w.attr("data-name")).isEqualTo("patch-tuesday");
        assertThat(w.selectFirst(".schedule").text()).contains("FREQ=MONTHLY;BYDAY=2TU", "Europe/Berlin");
        assertThat(w.selectFirst(".now").text()).isEqualTo("not on now");
        // The second Tuesday of December 2026 is the 8th; 22:00 in Berlin is 21:00 UTC.
        assertThat(w.selectFirst(".next").text()).startsWith("2026-12-08 21:00 UTC");
        assertThat(w.selectFirst(".origin").text()).isEqualTo("configuration file");
        assertThat(w.select("button")).isEmpty();
        assertThat(d.select("header nav a").eachText()).contains("Maintenance");
    }

    @Test
    void previewShowsWhatTheWindowMatchesAndItsNextOccurrencesAndMakesNothing() {
        ApiHarness.Answer a = post(
                "/maintenances/preview",
                admin,
                "name",
                "erp-weekly",
                "start",
                "22:00",
                "cron",
                "",
                "rrule",
                "FREQ=WEEKLY;BYDAY=SA",
                "duration",
                "2h",
                "tz",
                "UTC",
                "match",
                "service=erp");

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        Document d = Jsoup.parse(a.body());
        assertThat(d.select("#occurrences li").eachText())
                .hasSize(5)
                .first()
                .isEqualTo("2026-11-28 22:00 UTC to 2026-11-29 00:00 UTC");
        assertThat(d.selectFirst("#preview .summary").text()).isEqualTo("This window matches 1 thing now:");
        assertThat(d.select("#preview li.hit a").eachText()).containsExactly("erp-db");
        assertThat(d.selectFirst("#window-rrule").val()).isEqualTo("FREQ=WEEKLY;BYDAY=SA");
        assertThat(page(admin).select("#windows tr.window")).hasSize(1);
    }

    @Test
    void aCreatedWindowIsListedAsOnNowAndEndStopsIt() {
        h.clock.advance(Duration.ofMinutes(40));
        ApiHarness.Answer a = post("/maintenances", admin, oneOff("db-upgrade", "service=files"));
        assertThat(a.status()).as(a.body()).isEqualTo(303);

        Element w = page(admin).selectFirst("#window-db-upgrade");
        assertThat(w.text()).contains("active", "on until 2026-11-24 12:30 UTC (ends in 1 h 50 min)", "API, by ada");
        assertThat(w.select("code.label").eachText()).containsExactly("service=files");
        assertThat(h.send("GET", "/admin/audit", Optional.empty(), admin).body())
                .contains("maintenance.create");

        ApiHarness.Answer end = post("/maintenances/db-upgrade/end", admin);
        assertThat(end.status()).as(end.body()).isEqualTo(303);
        Element ended = page(admin).selectFirst("#window-db-upgrade");
        assertThat(ended.text()).contains("ended 2026-11-24 10:40 UTC");
        assertThat(ended.select("button")).isEmpty();
    }

    @Test
    void mistakesAreSaidUnderTheirFieldsAndWhatWasTypedIsKept() {
        ApiHarness.Answer a = post(
                "/maintenances",
                admin,
                "name",
                "bad",
                "start",
                "2026-11-24T10:30",
                "duration",
                "2h",
                "tz",
                "Mars/Olympus",
                "match",
                "service");

        assertThat(a.status()).isEqualTo(422);
        Document d = Jsoup.parse(a.body());
        assertThat(d.selectFirst("#window-match-error").text()).contains("Line 1: \"service\" is not key=value");

        Document zone = Jsoup.parse(post(
                        "/maintenances",
                        admin,
                        "name",
                        "bad",
                        "start",
                        "2026-11-24T10:30",
                        "duration",
                        "2h",
                        "tz",
                        "Mars/Olympus",
                        "match",
                        "service=erp")
                .body());
        assertThat(zone.selectFirst("#window-tz-error").text()).contains("Unknown time zone");
        assertThat(zone.selectFirst("#window-tz").val()).isEqualTo("Mars/Olympus");
        assertThat(zone.selectFirst(".msg-problem").text()).contains("The window was not made");

        Document taken = Jsoup.parse(post("/maintenances", admin, oneOff("patch-tuesday", "service=erp"))
                .body());
        assertThat(taken.selectFirst("#window-name-error").text()).contains("defined in the configuration file");
    }

    @Test
    void aViewerReadsAndPreviewsButCannotPlanOrEnd() {
        post("/maintenances", admin, oneOff("db-upgrade", "service=files"));
        Document d = page(viewer);
        assertThat(d.select("#new-window")).isEmpty();
        assertThat(d.select("#windows button")).isEmpty();

        assertThat(post("/maintenances", viewer, oneOff("mine", "service=erp")).status())
                .isEqualTo(403);
        assertThat(post("/maintenances/db-upgrade/end", viewer).status()).isEqualTo(403);
        assertThat(page(admin).selectFirst("#window-db-upgrade").text()).doesNotContain("ended");
        assertThat(post("/maintenances/preview", viewer, oneOff("look", "service=erp"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aResponderMustMatchTheirTeamAsThroughTheApi() {
        ApiHarness.As.Browser rita = h.signedIn("rita", Role.RESPONDER, List.of("finance"));
        ApiHarness.Answer other = post("/maintenances", rita, oneOff("hr-work", "team=hr"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(Jsoup.parse(other.body()).text()).contains("This is about team \"hr\"");
        assertThat(post("/maintenances", rita, oneOff("fin-work", "team=finance"))
                        .status())
                .isEqualTo(303);
    }
}

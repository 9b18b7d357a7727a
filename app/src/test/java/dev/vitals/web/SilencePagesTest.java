package dev.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Role;
import dev.vitals.api.ApiHarness;
import dev.vitals.silences.Silence;
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
 * The silences page, driven as a browser drives it: form posts with the session's CSRF token, the
 * redirect after a change, and errors said next to their field. Silences are made by the real
 * {@code Silences} through the same checks as the API.
 */
class SilencePagesTest {
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
        monitor("erp-db", "erp");
        monitor("crm-web", "crm");
        monitor("files", "files");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void monitor(String id, String service) {
        h.evaluator.track(h.registry.create("{\"id\": \"" + id + "\", \"name\": \"" + id
                + "\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9, \"labels\": {\"service\": \""
                + service + "\"}}"));
    }

    private Document page(ApiHarness.As as) {
        ApiHarness.Answer a = h.send("GET", "/silences", Optional.empty(), as);
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

    @Test
    void previewShowsTheMonitorsTheMatchersMatchNowAndMakesNothing() {
        ApiHarness.Answer a =
                post("/silences/preview", admin, "matchers", "service=~\"erp|crm\"", "duration", "2h", "comment", "");

        assertThat(a.status()).as(a.body()).isEqualTo(200);
        Document d = Jsoup.parse(a.body());
        assertThat(d.selectFirst("#preview p").text()).isEqualTo("These matchers match 2 things now:");
        assertThat(d.select("#preview li.hit a").eachText()).containsExactly("crm-web", "erp-db");
        assertThat(d.selectFirst("#preview li.hit a").attr("href")).isEqualTo("/monitors/crm-web");
        // What was typed stays in the form, ready to be created.
        assertThat(d.selectFirst("#silence-matchers").text()).isEqualTo("service=~\"erp|crm\"");
        assertThat(h.silences.list(Silence.State.ACTIVE, 10)).isEmpty();
    }

    @Test
    void aCreatedSilenceIsListedWithMatchersCommentAuthorAndWhenItEnds() {
        ApiHarness.Answer a = post(
                "/silences",
                admin,
                "matchers",
                "service=\"erp\"\nteam!=\"hr\"",
                "duration",
                "2h",
                "comment",
                "database upgrade");

        assertThat(a.status()).as(a.body()).isEqualTo(303);
        assertThat(a.headers().firstValue("Location").orElseThrow()).startsWith("/silences?notice=silence-created");
        h.clock.advance(Duration.ofMinutes(30));
        Document d = page(admin);
        Element row = d.selectFirst("#current tr.silence");
        assertThat(row.select("code.label").eachText()).containsExactly("service=\"erp\"", "team!=\"hr\"");
        assertThat(row.selectFirst(".comment").text()).isEqualTo("database upgrade");
        assertThat(row.text()).contains("ada", "active", "ends in 1 h 30 min");
        assertThat(d.select("header nav a").eachText()).contains("Silences");
        assertThat(h.send("GET", "/silences?notice=silence-created", Optional.empty(), admin)
                        .body())
                .contains("The silence is made");
        // The same audit record as through the API.
        assertThat(h.send("GET", "/admin/audit", Optional.empty(), admin).body())
                .contains("silence.create");
    }

    @Test
    void endNowExpiresTheSilenceWhichMovesToTheRecentlyEnded() {
        post("/silences", admin, "matchers", "service=\"erp\"", "duration", "2h", "comment", "upgrade");
        String id = page(admin).selectFirst("#current tr.silence").attr("data-id");
        h.clock.advance(Duration.ofMinutes(10));

        ApiHarness.Answer a = post("/silences/" + id + "/expire", admin);

        assertThat(a.status()).as(a.body()).isEqualTo(303);
        h.clock.advance(Duration.ofMinutes(5));
        Document d = page(admin);
        assertThat(d.select("#current tr.silence")).isEmpty();
        assertThat(d.selectFirst("#no-current").text()).isEqualTo("No silence is active or pending.");
        Element ended = d.selectFirst("#expired tr.silence");
        assertThat(ended.attr("data-id")).isEqualTo(id);
        assertThat(ended.text()).contains("✓ ended", "ended 5 min ago");
        assertThat(ended.select("button")).isEmpty();
    }

    @Test
    void aBadRegularExpressionIsSaidNextToTheMatchersAndWhatWasTypedIsKept() {
        ApiHarness.Answer a =
                post("/silences", admin, "matchers", "service=~\"erp(\"", "duration", "2h", "comment", "upgrade");

        assertThat(a.status()).isEqualTo(422);
        Document d = Jsoup.parse(a.body());
        assertThat(d.selectFirst("#silence-matchers-error").text())
                .startsWith("Line 1:")
                .contains("\"erp(\" is not a valid regular expression");
        assertThat(d.selectFirst("#silence-matchers").attr("aria-invalid")).isEqualTo("true");
        assertThat(d.selectFirst("#silence-comment").val()).isEqualTo("upgrade");
        assertThat(d.selectFirst(".msg-problem").text()).contains("The silence was not made");
        assertThat(h.silences.list(Silence.State.ACTIVE, 10)).isEmpty();
    }

    @Test
    void theSilencesChecksAreSaidNextToTheirFieldsInWords() {
        Document missing = Jsoup.parse(post("/silences", admin, "matchers", "", "duration", "", "comment", "")
                .body());
        assertThat(missing.selectFirst("#silence-matchers-error").text()).contains("Write at least one matcher");
        assertThat(missing.selectFirst("#silence-duration-error").text()).contains("a silence always ends");
        assertThat(missing.selectFirst("#silence-comment-error").text()).contains("Say why");

        // A check of Silences itself (the same as the API's) lands next to its field too.
        Document tooLong = Jsoup.parse(
                post("/silences", admin, "matchers", "service=\"erp\"", "duration", "100d", "comment", "long")
                        .body());
        assertThat(tooLong.selectFirst("#silence-duration-error").text()).contains("at most 90 days");
        Document everything =
                Jsoup.parse(post("/silences", admin, "matchers", "service=~\".*\"", "duration", "1h", "comment", "all")
                        .body());
        assertThat(everything.selectFirst("#silence-matchers-error").text())
                .contains("must not match the empty string");
    }

    @Test
    void aViewerSeesSilencesAndMayPreviewButCannotMakeOrEndOne() {
        post("/silences", admin, "matchers", "service=\"erp\"", "duration", "2h", "comment", "upgrade");
        Document d = page(viewer);
        Element row = d.selectFirst("#current tr.silence");
        assertThat(row.select("button")).isEmpty();
        assertThat(d.select("#new-silence")).isEmpty();

        ApiHarness.Answer create =
                post("/silences", viewer, "matchers", "service=\"crm\"", "duration", "2h", "comment", "mine");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.contentType()).startsWith("text/html");
        ApiHarness.Answer end = post("/silences/" + row.attr("data-id") + "/expire", viewer);
        assertThat(end.status()).isEqualTo(403);
        assertThat(h.silences.list(Silence.State.ACTIVE, 10)).hasSize(1);
        assertThat(post("/silences/preview", viewer, "matchers", "service=\"crm\"")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aResponderMustNameTheirTeamAsThroughTheApi() {
        ApiHarness.As.Browser rita = h.signedIn("rita", Role.RESPONDER, List.of("finance"));

        ApiHarness.Answer other =
                post("/silences", rita, "matchers", "service=\"erp\"\nteam=\"hr\"", "duration", "2h", "comment", "x");
        assertThat(other.status()).isEqualTo(403);
        assertThat(Jsoup.parse(other.body()).text()).contains("This is about team \"hr\"");
        ApiHarness.Answer none =
                post("/silences", rita, "matchers", "service=\"erp\"", "duration", "2h", "comment", "x");
        assertThat(none.status()).isEqualTo(403);
        assertThat(Jsoup.parse(none.body()).text()).contains("name the team with a matcher team=");
        assertThat(h.silences.list(Silence.State.ACTIVE, 10)).isEmpty();

        ApiHarness.Answer own = post(
                "/silences", rita, "matchers", "service=\"erp\"\nteam=\"finance\"", "duration", "2h", "comment", "x");
        assertThat(own.status()).as(own.body()).isEqualTo(303);
    }

    /**
     * What the property HostileInputProperties met and read as a silence made: a session under the
     * one-time password an account is made with is sent to change it first, and nothing is made, even
     * for a silence of the responder's own team.
     */
    @Test
    void aSessionStillUnderItsOneTimePasswordIsSentToChangeItAndMakesNoSilence() {
        ApiHarness.As.Browser olga = h.session(h.user("olga", Role.RESPONDER, List.of("finance")));

        ApiHarness.Answer a = post(
                "/silences", olga, "matchers", "service=\"erp\"\nteam=\"finance\"", "duration", "2h", "comment", "x");

        assertThat(a.status()).as(a.body()).isEqualTo(303);
        assertThat(a.headers().firstValue("Location")).hasValue("/account/password?notice=one-time");
        assertThat(h.silences.list(Silence.State.ACTIVE, 10)).isEmpty();
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        ApiHarness.As.Browser noToken = new ApiHarness.As.Browser(admin.cookie(), admin.csrfToken(), false);
        assertThat(post("/silences", noToken, "matchers", "service=\"erp\"", "duration", "2h", "comment", "x")
                        .status())
                .isEqualTo(403);
        assertThat(h.silences.list(Silence.State.ACTIVE, 10)).isEmpty();
    }
}

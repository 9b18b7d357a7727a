package dev.vitals.alerting.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static List<String> errors(String body) {
        try {
            WebhookPayloads.parse(body, NOW);
        } catch (PayloadException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void aListOfAlertsGivesEachWithEveryField() {
        List<ExternalAlert> alerts = WebhookPayloads.parse("""
                {"alerts": [
                  {"labels": {"job": "backup", "host": "nas1"}, "annotations": {"summary": "backup failed", "tries": 3},
                   "status": "firing", "starts_at": "2026-11-25T11:00:00Z", "ends_at": "2026-11-25T13:00:00Z",
                   "link": "https://ci.example.org/42"},
                  {"labels": {"job": "export"}, "status": "resolved"}]}
                """, NOW);

        assertThat(alerts).hasSize(2);
        ExternalAlert a = alerts.get(0);
        assertThat(a.labels()).isEqualTo(Map.of("job", "backup", "host", "nas1"));
        assertThat(a.annotations()).containsEntry("summary", "backup failed").containsEntry("tries", "3");
        assertThat(a.status()).isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(a.startsAt()).hasValue(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(a.endsAt()).hasValue(Instant.parse("2026-11-25T13:00:00Z"));
        assertThat(a.link()).hasValue("https://ci.example.org/42");
        assertThat(alerts.get(1).status()).isEqualTo(ExternalAlert.Status.RESOLVED);
    }

    @Test
    void oneAlertAloneIsAListOfOne() {
        assertThat(WebhookPayloads.parse("{\"labels\": {\"job\": \"nightly\"}}", NOW))
                .singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(ExternalAlert.Status.FIRING));
    }

    @Test
    void withoutAStatusAnAlertWhoseEndHasPassedIsResolvedAndAGivenStatusWins() {
        assertThat(WebhookPayloads.parse("{\"labels\": {\"a\": \"b\"}, \"ends_at\": \"2026-11-25T12:00:00Z\"}", NOW)
                        .getFirst()
                        .status())
                .isEqualTo(ExternalAlert.Status.RESOLVED);
        assertThat(WebhookPayloads.parse(
                                "{\"labels\": {\"a\": \"b\"}, \"status\": \"firing\", \"ends_at\": \"2026-11-25T11:00:00Z\","
                                        + " \"starts_at\": \"2026-11-25T10:00:00Z\"}",
                                NOW)
                        .getFirst()
                        .status())
                .isEqualTo(ExternalAlert.Status.FIRING);
    }

    @Test
    void everyProblemIsNamedWithItsPath() {
        assertThat(errors("""
                        {"alerts": [
                          {"lables": {"a": "b"}},
                          {"labels": {"ok": "x", "bad-name": "y"}, "status": "burning", "starts_at": "noon",
                           "link": 5},
                          {"labels": {"a": "b"}, "starts_at": "2026-11-25T10:00:00Z", "ends_at": "2026-11-25T09:00:00Z"},
                          7]}
                        """))
                .containsExactly(
                        "alerts[0].lables: is not a field of an alert; the fields are annotations, ends_at, labels,"
                                + " link, starts_at, status",
                        "alerts[0].labels: is required",
                        "alerts[1].labels.bad-name: is not a valid name (letters, digits and _, not starting with a digit)",
                        "alerts[1].starts_at: \"noon\" is not a time such as 2026-11-25T10:00:00Z",
                        "alerts[1].link: must be text",
                        "alerts[1].status: must be \"firing\" or \"resolved\"",
                        "alerts[2].ends_at: is before starts_at",
                        "alerts[3]: must be an alert object with its labels");
    }

    @Test
    void theShapeOfTheBodyItselfIsChecked() {
        assertThat(errors("[]"))
                .containsExactly("body: must be a JSON object: {\"alerts\": [...]} or one alert with its labels");
        assertThat(errors("{\"alerts\": [], \"extra\": 1}"))
                .containsExactly(
                        "extra: is not a field here; beside \"alerts\" there is nothing",
                        "alerts: must be a list of at least one alert");
        assertThat(errors("{\"labels\": {}}"))
                .containsExactly("labels: must have at least one label (an alert is known by its labels)");
        assertThatThrownBy(() -> WebhookPayloads.parse("{", NOW))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not valid JSON at line 1");
    }
}

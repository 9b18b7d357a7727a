package dev.vitals.alerting.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundPayloadsTest {
    /** What Alertmanager 0.27 sends to a webhook receiver, trimmed to two alerts. */
    private static final String WEBHOOK = """
            {"receiver":"vitals","status":"firing","alerts":[
              {"status":"firing","labels":{"alertname":"DiskFull","instance":"db1:9100","severity":"page"},
               "annotations":{"summary":"disk 95% full"},"startsAt":"2026-11-25T10:00:00.123Z",
               "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus/graph?g0.expr=x","fingerprint":"c1"},
              {"status":"resolved","labels":{"alertname":"DiskFull","instance":"db2:9100"},
               "annotations":{},"startsAt":"2026-11-25T09:00:00Z","endsAt":"2026-11-25T09:30:00Z",
               "generatorURL":"","fingerprint":"c2"}],
             "groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull"},
             "commonAnnotations":{},"externalURL":"http://alertmanager:9093","version":"4",
             "groupKey":"{}:{alertname=\\"DiskFull\\"}","truncatedAlerts":0}
            """;

    @Test
    void anAlertmanagerWebhookMessageGivesItsAlerts() {
        List<ExternalAlert> alerts = AlertmanagerPayloads.webhook(WEBHOOK);
        assertThat(alerts).hasSize(2);
        ExternalAlert a = alerts.get(0);
        assertThat(a.labels()).containsEntry("alertname", "DiskFull").containsEntry("instance", "db1:9100");
        assertThat(a.annotations()).containsEntry("summary", "disk 95% full");
        assertThat(a.status()).isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(a.startsAt()).hasValue(Instant.parse("2026-11-25T10:00:00.123Z"));
        assertThat(a.endsAt()).as("Alertmanager's zero time is no time").isEmpty();
        assertThat(a.link()).hasValue("http://prometheus/graph?g0.expr=x");
        assertThat(alerts.get(1).status()).isEqualTo(ExternalAlert.Status.RESOLVED);
        assertThat(alerts.get(1).link()).isEmpty();
    }

    @Test
    void aMalformedWebhookMessageIsRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> AlertmanagerPayloads.webhook("""
                        {"version":"3","alerts":[
                          {"status":"burning","labels":{"1bad":"x","ok":5},"startsAt":"yesterday"},
                          {"status":"firing","labels":{}},
                          "nope"]}
                        """))
                .isInstanceOf(PayloadException.class)
                .extracting(e -> ((PayloadException) e).errors())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(
                        "version: must be \"4\" (Alertmanager's webhook format version 4)",
                        "alerts[0].labels.1bad: is not a valid name (letters, digits and _, not starting with a digit)",
                        "alerts[0].labels.ok: must be text",
                        "alerts[0].startsAt: \"yesterday\" is not a time such as 2026-11-25T10:00:00Z",
                        "alerts[0].status: must be \"firing\" or \"resolved\"",
                        "alerts[1].labels: must have at least one label (an alert is known by its labels)",
                        "alerts[2]: must be an alert object");
        assertThatThrownBy(() -> AlertmanagerPayloads.webhook("{\"version\": \"4\", \"alerts\": [}"))
                .hasMessageStartingWith("body: is not valid JSON at line 1");
        assertThatThrownBy(() -> AlertmanagerPayloads.webhook("")).hasMessage("body: is empty; expected JSON");
        assertThatThrownBy(() -> AlertmanagerPayloads.webhook("[]"))
                .hasMessage("body: must be a JSON object (Alertmanager's webhook message)");
    }

    @Test
    void theAlertsApiResolvesAnAlertWhoseEndHasPassed() {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        List<ExternalAlert> alerts = AlertmanagerPayloads.alertsApi("""
                [{"labels":{"alertname":"Up","job":"node"},"endsAt":"2026-11-25T12:04:00Z"},
                 {"labels":{"alertname":"Up","job":"db"},"endsAt":"2026-11-25T11:59:00Z"},
                 {"labels":{"alertname":"Up","job":"web"}}]
                """, now);
        assertThat(alerts)
                .extracting(ExternalAlert::status)
                .containsExactly(
                        ExternalAlert.Status.FIRING, ExternalAlert.Status.RESOLVED, ExternalAlert.Status.FIRING);
        assertThatThrownBy(() -> AlertmanagerPayloads.alertsApi("{\"labels\": {}}", now))
                .hasMessage("body: must be a JSON list of alerts");
    }

    @Test
    void pagerDutyEventsAreReadAsPagerDutyDefinesThem() {
        PagerDutyEvents.Event t = PagerDutyEvents.parse("""
                {"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","dedup_key":"disk-db1",
                 "payload":{"summary":"Disk full on db1","source":"db1","severity":"critical","component":"postgres",
                            "custom_details":{"free":"2%","mounts":["/","/var"]}},
                 "client_url":"https://monitoring.example/db1"}
                """);
        assertThat(t.action()).isEqualTo(PagerDutyEvents.Action.TRIGGER);
        assertThat(t.dedupKey()).hasValue("disk-db1");
        ExternalAlert a = t.alert().orElseThrow();
        assertThat(a.labels())
                .containsEntry("source", "db1")
                .containsEntry("severity", "critical")
                .containsEntry("component", "postgres");
        assertThat(a.annotations())
                .containsEntry("summary", "Disk full on db1")
                .containsEntry("mounts", "[\"/\",\"/var\"]");
        assertThat(a.link()).hasValue("https://monitoring.example/db1");

        PagerDutyEvents.Event r = PagerDutyEvents.parse(
                "{\"routing_key\":\"k1234567\",\"event_action\":\"resolve\",\"dedup_key\":\"disk-db1\"}");
        assertThat(r.action()).isEqualTo(PagerDutyEvents.Action.RESOLVE);
        assertThat(r.alert()).isEmpty();
        assertThat(PagerDutyEvents.parse("""
                        {"routing_key":"k1234567","event_action":"trigger",
                         "payload":{"summary":"s","source":"x","severity":"info"}}
                        """).dedupKey())
                .as("a trigger may leave the dedup key to the receiver")
                .isEqualTo(Optional.empty());
    }

    @Test
    void aMalformedPagerDutyEventNamesEveryProblem() {
        assertThatThrownBy(() -> PagerDutyEvents.parse("""
                        {"event_action":"trigger","payload":{"summary":"","source":"x","severity":"urgent"}}
                        """))
                .isInstanceOf(PayloadException.class)
                .extracting(e -> ((PayloadException) e).errors())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(
                        "routing_key: is required",
                        "payload.summary: must not be empty",
                        "payload.severity: must be critical, error, warning or info");
        assertThatThrownBy(() -> PagerDutyEvents.parse("{\"routing_key\":\"k\",\"event_action\":\"resolve\"}"))
                .hasMessage("dedup_key: is required to resolve");
        assertThatThrownBy(() -> PagerDutyEvents.parse("{\"routing_key\":\"k\",\"event_action\":\"snooze\"}"))
                .hasMessage("event_action: must be trigger, acknowledge or resolve");
    }

    @Test
    void jsonNestedTooDeepIsAnErrorInWordsNotACrash() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        for (java.util.function.Consumer<String> parser :
                List.<java.util.function.Consumer<String>>of(AlertmanagerPayloads::webhook, PagerDutyEvents::parse)) {
            assertThatThrownBy(() -> parser.accept(deep))
                    .isInstanceOf(PayloadException.class)
                    .extracting(e -> ((PayloadException) e).errors().toString())
                    .asString()
                    .contains("body: is not valid JSON");
        }
    }
}

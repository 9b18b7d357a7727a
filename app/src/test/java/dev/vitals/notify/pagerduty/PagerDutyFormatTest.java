package dev.vitals.notify.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.notify.Event;
import dev.vitals.notify.Message;
import dev.vitals.notify.Messages;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagerDutyFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "0123456789abcdef0123456789abcdef";

    @Test
    void aFiringGroupTriggersAnIncidentKeyedByTheGroup() throws Exception {
        JsonNode root = JSON.readTree(PagerDutyFormat.render(Messages.oneFiring(), KEY));

        assertThat(root.get("routing_key").asText()).isEqualTo(KEY);
        assertThat(root.get("event_action").asText()).isEqualTo("trigger");
        assertThat(root.get("dedup_key").asText()).isEqualTo("{}:{service=\"erp\"}");
        JsonNode payload = root.get("payload");
        assertThat(payload.get("summary").asText()).isEqualTo("[FIRING:1] service=erp: ERP web front is down");
        assertThat(payload.get("source").asText()).isEqualTo("vitals");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("group_labels").toString()).isEqualTo("{\"service\":\"erp\"}");
        assertThat(details.get("firing").asInt()).isEqualTo(1);
        assertThat(details.get("alerts").get(0).get("summary").asText()).isEqualTo("ERP web front is down");
        assertThat(details.get("alerts").get(0).get("link").asText())
                .isEqualTo("https://vitals.example.org/monitors/erp-web");
        assertThat(root.get("client").asText()).isEqualTo("Vitals");
        assertThat(root.get("client_url").asText()).isEqualTo("https://vitals.example.org/alerts");
    }

    @Test
    void aResolvedGroupResolvesTheIncidentWithOnlyTheThreeKeysPagerDutyWants() throws Exception {
        JsonNode root = JSON.readTree(PagerDutyFormat.render(Messages.resolved(), KEY));

        assertThat(root.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("routing_key", "event_action", "dedup_key");
        assertThat(root.get("event_action").asText()).isEqualTo("resolve");
        assertThat(root.get("dedup_key").asText()).isEqualTo("{}:{service=\"erp\"}");
    }

    @Test
    void theSeverityIsTheMostUrgentOfTheFiringAlertsAndCriticalWhenALabelIsNotPagerDutys() throws Exception {
        assertThat(severity(Messages.twoFiring())).isEqualTo("critical");
        assertThat(severity(withSeverities("warning", "info"))).isEqualTo("warning");
        assertThat(severity(withSeverities("INFO"))).isEqualTo("info");
        assertThat(severity(withSeverities("info", "page"))).isEqualTo("critical");
        assertThat(severity(Messages.manyFiring(2))).isEqualTo("critical");
    }

    @Test
    void theSummaryIsCutTo1024CharactersAndALongGroupKeyIsHashed() throws Exception {
        Message m = Messages.withText("y".repeat(3000));
        Message longKey =
                new Message(m.receiver(), "k".repeat(300), m.groupLabels(), m.status(), m.alerts(), m.console());
        JsonNode root = JSON.readTree(PagerDutyFormat.render(longKey, KEY));

        assertThat(root.get("payload").get("summary").asText()).hasSize(1024).endsWith("…");
        assertThat(root.get("dedup_key").asText())
                .hasSize(64)
                .isEqualTo(PagerDutyFormat.dedupKey("k".repeat(300)))
                .isNotEqualTo(PagerDutyFormat.dedupKey("k".repeat(301)));
    }

    private static String severity(Message m) throws Exception {
        return JSON.readTree(PagerDutyFormat.render(m, KEY))
                .get("payload")
                .get("severity")
                .asText();
    }

    private static Message withSeverities(String... severities) {
        List<Message.Alert> alerts = new java.util.ArrayList<>();
        for (String s : severities) {
            alerts.add(new Message.Alert(
                    s,
                    s,
                    Event.FIRING,
                    Map.of("alertname", s, "severity", s),
                    Map.of(),
                    s,
                    Messages.T0,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
        }
        return new Message("ops", "g", Map.of(), Event.FIRING, alerts, Messages.CONSOLE);
    }
}

package dev.vitals.notify.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.alerting.inbound.AlertmanagerPayloads;
import dev.vitals.alerting.inbound.ExternalAlert;
import dev.vitals.notify.Message;
import dev.vitals.notify.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertmanagerFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFiringMessageIsAlertmanagersWebhookVersion4WithGosZeroTimeAsEnd() throws Exception {
        JsonNode root = JSON.readTree(AlertmanagerFormat.render(Messages.twoFiring()));

        assertThat(root.get("version").asText()).isEqualTo("4");
        assertThat(root.get("groupKey").asText()).isEqualTo("{}:{service=\"erp\"}");
        assertThat(root.get("truncatedAlerts").asInt()).isZero();
        assertThat(root.get("status").asText()).isEqualTo("firing");
        assertThat(root.get("receiver").asText()).isEqualTo("ops");
        assertThat(root.get("groupLabels").toString()).isEqualTo("{\"service\":\"erp\"}");
        assertThat(root.get("commonLabels").toString()).isEqualTo("{\"service\":\"erp\"}");
        assertThat(root.get("commonAnnotations").toString()).isEqualTo("{}");
        assertThat(root.get("externalURL").asText()).isEqualTo("https://vitals.example.org/alerts");
        JsonNode first = root.get("alerts").get(0);
        assertThat(first.get("status").asText()).isEqualTo("firing");
        assertThat(first.get("startsAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(first.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(first.get("generatorURL").asText()).isEqualTo("https://vitals.example.org/monitors/erp-web");
        assertThat(first.get("fingerprint").asText()).isEqualTo("erp-web");
        assertThat(root.get("alerts").get(1).get("generatorURL").asText()).isEmpty();
    }

    @Test
    void vitalsOwnAlertmanagerIntakeReadsBackWhatItWrites() {
        List<ExternalAlert> firing = AlertmanagerPayloads.webhook(AlertmanagerFormat.render(Messages.twoFiring()));
        List<ExternalAlert> resolved = AlertmanagerPayloads.webhook(AlertmanagerFormat.render(Messages.resolved()));

        Message.Alert sent = Messages.twoFiring().alerts().getFirst();
        assertThat(firing).hasSize(2);
        assertThat(firing.getFirst())
                .isEqualTo(new ExternalAlert(
                        sent.labels(),
                        sent.annotations(),
                        ExternalAlert.Status.FIRING,
                        Optional.of(sent.startsAt()),
                        Optional.empty(),
                        sent.link()));
        assertThat(firing.get(1).link()).isEmpty();
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ExternalAlert.Status.RESOLVED);
            assertThat(a.endsAt()).contains(Messages.T0.plus(Duration.ofMinutes(7)));
        });
    }
}

package dev.vitals.notify.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.notify.Messages;
import org.junit.jupiter.api.Test;

class TeamsFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMessageIsOneAdaptiveCardAsTeamsWorkflowsExpect() throws Exception {
        JsonNode root = JSON.readTree(TeamsFormat.render(Messages.oneFiring()));

        assertThat(root.get("type").asText()).isEqualTo("message");
        assertThat(root.get("attachments")).hasSize(1);
        JsonNode attachment = root.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        JsonNode action = card.get("actions").get(0);
        assertThat(action.get("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(action.get("url").asText()).isEqualTo("https://vitals.example.org/alerts");
    }

    @Test
    void theBodyHasTheTitleAndPerAlertItsStatusSummaryLabelsAndLink() throws Exception {
        JsonNode body = JSON.readTree(TeamsFormat.render(Messages.oneFiring()))
                .get("attachments")
                .get(0)
                .get("content")
                .get("body");

        assertThat(body.get(0).get("text").asText()).isEqualTo("[FIRING:1] service=erp");
        assertThat(body.get(0).get("color").asText()).isEqualTo("Attention");
        JsonNode alert = body.get(1);
        assertThat(alert.get("type").asText()).isEqualTo("Container");
        JsonNode items = alert.get("items");
        assertThat(items.get(0).get("text").asText()).isEqualTo("FIRING");
        assertThat(items.get(1).get("text").asText()).isEqualTo("ERP web front is down");
        assertThat(items.get(2).get("type").asText()).isEqualTo("FactSet");
        assertThat(items.get(2).get("facts"))
                .extracting(f -> f.get("title").asText() + "=" + f.get("value").asText())
                .containsExactly("monitor=erp-web", "service=erp", "severity=critical");
        assertThat(items.get(3).get("text").asText()).isEqualTo("since 2026-11-20 10:00 UTC");
        assertThat(alert.get("selectAction").get("url").asText())
                .isEqualTo("https://vitals.example.org/monitors/erp-web");
    }

    @Test
    void aResolvedMessageIsGreenAndSaysWhenItEnded() throws Exception {
        JsonNode body = JSON.readTree(TeamsFormat.render(Messages.resolved()))
                .get("attachments")
                .get(0)
                .get("content")
                .get("body");

        assertThat(body.get(0).get("color").asText()).isEqualTo("Good");
        assertThat(body.get(1).get("items").get(3).get("text").asText())
                .isEqualTo("since 2026-11-20 10:00 UTC, resolved 2026-11-20 10:07 UTC");
    }

    @Test
    void afterTwentyAlertsTheRestAreCounted() throws Exception {
        JsonNode body = JSON.readTree(TeamsFormat.render(Messages.manyFiring(25)))
                .get("attachments")
                .get(0)
                .get("content")
                .get("body");

        assertThat(body).hasSize(1 + 20 + 1);
        assertThat(body.get(21).get("text").asText()).isEqualTo("and 5 more");
    }
}

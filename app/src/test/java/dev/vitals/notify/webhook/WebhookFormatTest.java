package dev.vitals.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.notify.Messages;
import org.junit.jupiter.api.Test;

class WebhookFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFiringMessageHasEveryDocumentedKeyWithNullWhereNothingIsKnown() throws Exception {
        JsonNode root = JSON.readTree(WebhookFormat.render(Messages.twoFiring()));

        assertThat(root.properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly(
                        "version",
                        "receiver",
                        "status",
                        "group_key",
                        "group_labels",
                        "common_labels",
                        "common_annotations",
                        "title",
                        "console_url",
                        "alerts");
        assertThat(root.get("version").asText()).isEqualTo("1");
        assertThat(root.get("receiver").asText()).isEqualTo("ops");
        assertThat(root.get("status").asText()).isEqualTo("firing");
        assertThat(root.get("group_key").asText()).isEqualTo("{}:{service=\"erp\"}");
        assertThat(root.get("group_labels").toString()).isEqualTo("{\"service\":\"erp\"}");
        assertThat(root.get("common_labels").toString()).isEqualTo("{\"service\":\"erp\"}");
        assertThat(root.get("common_annotations").toString()).isEqualTo("{}");
        assertThat(root.get("title").asText()).isEqualTo("[FIRING:2] service=erp");
        assertThat(root.get("console_url").asText()).isEqualTo("https://vitals.example.org/alerts");

        JsonNode first = root.get("alerts").get(0);
        assertThat(first.get("id").asText()).isEqualTo("a-1");
        assertThat(first.get("fingerprint").asText()).isEqualTo("erp-web");
        assertThat(first.get("status").asText()).isEqualTo("firing");
        assertThat(first.get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("annotations").get("runbook").asText()).isEqualTo("https://wiki.example.org/erp");
        assertThat(first.get("summary").asText()).isEqualTo("ERP web front is down");
        assertThat(first.get("starts_at").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(first.get("ends_at").isNull()).isTrue();
        assertThat(first.get("monitor_id").asText()).isEqualTo("erp-web");
        assertThat(first.get("link").asText()).isEqualTo("https://vitals.example.org/monitors/erp-web");

        JsonNode second = root.get("alerts").get(1);
        assertThat(second.get("starts_at").asText()).isEqualTo("2026-11-20T10:00:30Z");
        assertThat(second.get("monitor_id").isNull()).isTrue();
        assertThat(second.get("link").isNull()).isTrue();
    }

    @Test
    void aResolvedMessageSaysWhenEachAlertEnded() throws Exception {
        JsonNode root = JSON.readTree(WebhookFormat.render(Messages.resolved()));

        assertThat(root.get("status").asText()).isEqualTo("resolved");
        assertThat(root.get("title").asText()).isEqualTo("[RESOLVED] service=erp");
        assertThat(root.get("alerts").get(0).get("status").asText()).isEqualTo("resolved");
        assertThat(root.get("alerts").get(0).get("ends_at").asText()).isEqualTo("2026-11-20T10:07:00Z");
    }

    @Test
    void textThatLooksLikeJsonStaysText() throws Exception {
        String tricky = "\"},{\"evil\":true} \\ \n";
        JsonNode root = JSON.readTree(WebhookFormat.render(Messages.withText(tricky)));

        assertThat(root.get("alerts").get(0).get("summary").asText()).isEqualTo(tricky);
        assertThat(root.get("alerts").get(0).get("labels").get("service").asText())
                .isEqualTo(tricky);
    }
}

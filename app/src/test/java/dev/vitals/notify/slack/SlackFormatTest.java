package dev.vitals.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.notify.Messages;
import org.junit.jupiter.api.Test;

class SlackFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMessageHasTheTitleAsFallbackTextAHeaderASectionPerAlertAndTheConsoleLink() throws Exception {
        JsonNode root = JSON.readTree(SlackFormat.render(Messages.twoFiring()));

        assertThat(root.get("text").asText()).isEqualTo("[FIRING:2] service=erp");
        JsonNode blocks = root.get("blocks");
        assertThat(blocks)
                .extracting(b -> b.get("type").asText())
                .containsExactly("header", "section", "section", "context");
        assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("[FIRING:2] service=erp");
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText())
                .isEqualTo("*FIRING* <https://vitals.example.org/monitors/erp-web|ERP web front is down>\n"
                        + "monitor=erp-web, service=erp, severity=critical\n"
                        + "since 2026-11-20 10:00 UTC");
        assertThat(blocks.get(2).get("text").get("text").asText()).startsWith("*FIRING* ERP database is slow\n");
        assertThat(blocks.get(3).get("elements").get(0).get("text").asText())
                .isEqualTo("<https://vitals.example.org/alerts|Open in Vitals>");
    }

    @Test
    void aResolvedAlertSaysWhenItEnded() throws Exception {
        JsonNode root = JSON.readTree(SlackFormat.render(Messages.resolved()));

        assertThat(root.get("blocks").get(1).get("text").get("text").asText())
                .startsWith("*RESOLVED* ")
                .endsWith("since 2026-11-20 10:00 UTC, resolved 2026-11-20 10:07 UTC");
    }

    @Test
    void ampersandsAndAngleBracketsAreEscapedSoThatNoOneCanMentionTheWholeChannel() throws Exception {
        JsonNode root = JSON.readTree(SlackFormat.render(Messages.withText("<!channel> R&D > ops")));

        String section = root.get("blocks").get(1).get("text").get("text").asText();
        assertThat(section)
                .contains("|&lt;!channel&gt; R&amp;D &gt; ops>")
                .contains("service=&lt;!channel&gt; R&amp;D &gt; ops")
                .contains("<https://example.org/x?a=1&amp;b=2|")
                .doesNotContain("<!channel>");
    }

    @Test
    void afterTwentyAlertsTheRestAreCounted() throws Exception {
        JsonNode blocks =
                JSON.readTree(SlackFormat.render(Messages.manyFiring(23))).get("blocks");

        assertThat(blocks).hasSize(1 + 20 + 1 + 1);
        assertThat(blocks.get(21).get("text").get("text").asText()).isEqualTo("and 3 more");
    }

    @Test
    void aLongTitleIsCutToTheHeadersLimitButKeptWholeAsFallbackText() throws Exception {
        String longSummary = "x".repeat(400);
        JsonNode root = JSON.readTree(SlackFormat.render(Messages.withText(longSummary)));

        assertThat(root.get("blocks").get(0).get("text").get("text").asText())
                .hasSize(150)
                .endsWith("…");
        assertThat(root.get("text").asText()).contains(longSummary);
    }
}

package dev.vitals.notify.email;

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

class EmailFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePayloadIsTheSubjectAndBothBodies() throws Exception {
        JsonNode root = JSON.readTree(EmailFormat.render(Messages.oneFiring()));

        assertThat(root.properties()).extracting(Map.Entry::getKey).containsExactly("subject", "text", "html");
        assertThat(root.get("subject").asText()).isEqualTo("[FIRING:1] service=erp");
    }

    @Test
    void theTextListsEachAlertWithItsLabelsSinceWhenAndLink() {
        String text = EmailFormat.text(Messages.twoFiring());

        assertThat(text)
                .startsWith("[FIRING:2] service=erp\n\n")
                .contains("""
                        FIRING    ERP web front is down
                          labels:   monitor=erp-web, service=erp, severity=critical
                          since:    2026-11-20 10:00 UTC
                          link:     https://vitals.example.org/monitors/erp-web
                        """)
                .contains("FIRING    ERP database is slow\n")
                .endsWith("Open in Vitals: https://vitals.example.org/alerts\n");
    }

    @Test
    void aResolvedAlertSaysWhenItEnded() {
        assertThat(EmailFormat.text(Messages.resolved()))
                .contains("RESOLVED  ERP web front is down\n")
                .contains("  resolved: 2026-11-20 10:07 UTC\n");
        assertThat(EmailFormat.html(Messages.resolved()))
                .contains("<td style=\"padding:0 12px 0 0;color:#555\">resolved</td><td>2026-11-20 10:07 UTC</td>");
    }

    @Test
    void theHtmlHasTheTitleTheLinkedSummaryTheLabelsAndTheConsoleLink() {
        String html = EmailFormat.html(Messages.oneFiring());

        assertThat(html)
                .contains(">[FIRING:1] service=erp</h2>")
                .contains("<a href=\"https://vitals.example.org/monitors/erp-web\">ERP web front is down</a>")
                .contains("<td style=\"padding:0 12px 0 0;color:#555\">severity</td><td>critical</td>")
                .contains("<td style=\"padding:0 12px 0 0;color:#555\">since</td><td>2026-11-20 10:00 UTC</td>")
                .contains("<a href=\"https://vitals.example.org/alerts\">Open in Vitals</a>");
    }

    @Test
    void everyValueIsEscapedInTheHtml() {
        String html = EmailFormat.html(Messages.withText("<script>alert('x')</script> & \"more\""));

        assertThat(html)
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;")
                .contains("href=\"https://example.org/x?a=1&amp;b=2\"");
    }

    @Test
    void aLinkThatIsNotHttpIsShownAsTextNotLinked() {
        Message.Alert a = new Message.Alert(
                "a",
                "f",
                Event.FIRING,
                Map.of("service", "x"),
                Map.of(),
                "click me",
                Messages.T0,
                Optional.empty(),
                Optional.empty(),
                Optional.of("javascript:alert(1)"));
        String html = EmailFormat.html(new Message("ops", "g", Map.of(), Event.FIRING, List.of(a), Messages.CONSOLE));

        assertThat(html).doesNotContain("javascript:").contains("</strong> click me</p>");
    }

    @Test
    void aSubjectNeverSpansLines() throws Exception {
        JsonNode root = JSON.readTree(EmailFormat.render(Messages.withText("down\r\nBcc: everyone@example.org")));

        assertThat(root.get("subject").asText()).isEqualTo("[FIRING:1] down Bcc: everyone@example.org");
    }

    @Test
    void afterAHundredAlertsTheRestAreCounted() {
        Message m = Messages.manyFiring(103);

        assertThat(EmailFormat.text(m))
                .contains("alert-99 fires")
                .doesNotContain("alert-100 fires")
                .contains("and 3 more");
        assertThat(EmailFormat.html(m)).contains("<p>and 3 more</p>");
    }
}

package dev.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Role;
import dev.vitals.alerting.AlertingSettings;
import dev.vitals.alerting.Receiver;
import dev.vitals.alerting.RouteNode;
import dev.vitals.alerting.inbound.ExternalAlert;
import dev.vitals.api.ApiHarness;
import dev.vitals.checks.Outcome;
import dev.vitals.monitors.Monitor;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.Outbox;
import dev.vitals.testkit.Results;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The alert and notification pages, rendered by the real server from alerts the real pipeline made
 * and notifications the real outbox holds. Attempts are recorded through the outbox as the
 * dispatcher records them.
 */
class AlertPagesTest {
    @TempDir
    Path dir;

    private ApiHarness h;
    private ApiHarness.As.Browser viewer;

    @BeforeEach
    void start() {
        h = new ApiHarness(dir);
        Accounts.NewUser u = h.accounts.addUser("vera", Role.VIEWER, List.of());
        h.accounts.changePassword(u.user(), u.oneTimePassword(), "a long enough phrase", Optional.empty());
        viewer = h.session(h.accounts.store().user("vera").orElseThrow());
        // Everything goes to "ops" at once, except team=finance: to "finance".
        RouteNode.Timings now = new RouteNode.Timings(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4));
        RouteNode finance =
                new RouteNode("finance", Map.of("team", "finance"), Map.of(), List.of("service"), now, true, List.of());
        RouteNode root = new RouteNode("ops", Map.of(), Map.of(), List.of("service"), now, false, List.of(finance));
        Receiver.Target hook =
                new Receiver.Webhook(URI.create("http://127.0.0.1:9/hook"), Optional.empty(), Duration.ofSeconds(5));
        h.alerting = new AlertingSettings(
                List.of(new Receiver("ops", List.of(hook)), new Receiver("finance", List.of(hook))),
                Optional.of(root),
                List.of());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static ExternalAlert firing(String name, Map<String, String> more) {
        Map<String, String> labels = new java.util.HashMap<>(more);
        labels.put("alertname", name);
        return new ExternalAlert(
                labels,
                Map.of("summary", name + " is failing", "runbook", "restart it"),
                ExternalAlert.Status.FIRING,
                Optional.empty(),
                Optional.empty(),
                Optional.of("https://grafana.example.org/d/1"));
    }

    private static ExternalAlert resolved(String name, Map<String, String> more) {
        ExternalAlert f = firing(name, more);
        return new ExternalAlert(
                f.labels(),
                f.annotations(),
                ExternalAlert.Status.RESOLVED,
                Optional.empty(),
                Optional.empty(),
                f.link());
    }

    private Document page(String path) {
        ApiHarness.Answer a = h.send("GET", path, Optional.empty(), viewer);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/html");
        return Jsoup.parse(a.body());
    }

    private String idOf(String summary) {
        return page("/alerts").select("li.alert-item").stream()
                .filter(li -> li.selectFirst("a.name").text().equals(summary))
                .findFirst()
                .orElseThrow()
                .attr("data-id");
    }

    /** Claims every due notification and records {@code delivery} for each, as the dispatcher would. */
    private void deliver(Delivery delivery) {
        Instant at = h.clock.instant();
        for (Claimed c : h.outbox.claim("test-node", at, 100, Duration.ofMinutes(1))) {
            h.outbox.record(c, delivery, new Outbox.Timing(at, at.plusMillis(120), Duration.ofMillis(120)));
        }
    }

    private Monitor monitor(String id, String dependsOn) {
        Monitor m = h.registry.create("{\"id\": \"" + id + "\", \"name\": \"" + id
                + "\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9" + dependsOn + "}");
        h.evaluator.track(m);
        return m;
    }

    private void down(Monitor... monitors) {
        for (int i = 0; i < 5; i++) {
            h.clock.advance(Duration.ofSeconds(1));
            for (Monitor m : monitors) {
                h.evaluator.accept(m, Results.of(m.id(), h.clock.instant(), Outcome.DOWN, 10));
            }
        }
    }

    @Test
    void theListShowsEachAlertWithIconWordSourceLabelsSinceAndReceiversFiringFirst() {
        h.pipeline.receive("prometheus", List.of(firing("DiskFull", Map.of("service", "erp", "team", "finance"))));
        h.pipeline.receive("prometheus", List.of(firing("Backup", Map.of("service", "files"))));
        h.pipeline.runOnce();
        h.clock.advance(Duration.ofMinutes(5));
        h.pipeline.receive("prometheus", List.of(resolved("Backup", Map.of("service", "files"))));
        h.pipeline.receive("prometheus", List.of(firing("CertExpiry", Map.of("service", "web"))));
        h.pipeline.runOnce();
        h.clock.advance(Duration.ofMinutes(3));

        Document d = page("/alerts");
        List<Element> rows = d.select("li.alert-item");
        // Firing first (newest first), then resolved.
        assertThat(rows)
                .extracting(r -> r.selectFirst("a.name").text())
                .containsExactly("CertExpiry is failing", "DiskFull is failing", "Backup is failing");
        Element disk = rows.get(1);
        assertThat(disk.attr("data-state")).isEqualTo("firing");
        assertThat(disk.selectFirst(".status-firing .icon").text()).isEqualTo("✕");
        assertThat(disk.selectFirst(".status-firing .word").text()).isEqualTo("firing");
        assertThat(disk.selectFirst(".source").text()).isEqualTo("From integration prometheus");
        assertThat(disk.select("code.label").eachText()).contains("alertname=DiskFull", "service=erp", "team=finance");
        assertThat(disk.selectFirst(".since").text()).isEqualTo("since 2026-11-24 10:00 UTC (8 min)");
        assertThat(disk.selectFirst(".receivers").text()).isEqualTo("Routed to finance");
        Element backup = rows.get(2);
        assertThat(backup.attr("data-state")).isEqualTo("resolved");
        assertThat(backup.selectFirst(".since").text()).isEqualTo("from 2026-11-24 10:00 UTC for 5 min");
        assertThat(d.select("#tabs a").eachText()).containsExactly("All 3", "Firing 2", "Suppressed 0", "Resolved 1");
        assertThat(d.select("header nav a").eachText()).contains("Alerts", "Notifications");
        assertThat(d.selectFirst("header nav a[href=/alerts]").attr("aria-current"))
                .isEqualTo("page");

        Document resolvedOnly = page("/alerts?state=resolved");
        assertThat(resolvedOnly.select("li.alert-item").eachAttr("data-state")).containsExactly("resolved");
        assertThat(resolvedOnly.selectFirst("#tabs a[aria-current=page]").text())
                .isEqualTo("Resolved 1");
    }

    @Test
    void aWrongStateIsSaidOnThePageWhichStillShowsEveryAlert() {
        h.pipeline.receive("prometheus", List.of(firing("DiskFull", Map.of("service", "erp"))));
        Document d = page("/alerts?state=burning");
        assertThat(d.selectFirst(".msg-problem").text()).contains("State must be one of firing, suppressed, resolved");
        assertThat(d.select("li.alert-item")).hasSize(1);
    }

    @Test
    void aSuppressedAlertSaysWhichParentCausedIt() {
        Monitor sw = monitor("switch", "");
        Monitor pc = monitor("pc7", ", \"depends_on\": [\"switch\"]");
        down(sw, pc);
        h.pipeline.runOnce();

        Document d = page("/alerts?state=suppressed");
        Element row = d.selectFirst("li.alert-item");
        assertThat(row.attr("data-state")).isEqualTo("suppressed");
        assertThat(row.selectFirst(".word").text()).isEqualTo("suppressed");
        assertThat(row.selectFirst(".why").text()).isEqualTo("caused by switch (down)");
        assertThat(row.selectFirst(".source a").attr("href")).isEqualTo("/monitors/pc7");
        assertThat(page("/alerts?state=firing").select("li.alert-item .source").eachText())
                .containsExactly("From monitor switch");

        Document detail = page(row.selectFirst("a.name").attr("href"));
        assertThat(detail.select("#why li").eachText())
                .anyMatch(s -> s.equals("Not notified now: caused by switch (down) (dependencies stage)."));
    }

    @Test
    void anAlertsPageExplainsWhyItWasNotifiedWithEveryAttemptAndItsFailures() {
        h.pipeline.receive("prometheus", List.of(firing("DiskFull", Map.of("service", "erp"))));
        h.pipeline.runOnce();
        deliver(new Delivery.Retry("HTTP 503 from the receiver", Optional.empty(), Optional.of(503)));
        h.clock.advance(Duration.ofMinutes(10));
        deliver(new Delivery.Sent(Optional.of(200)));

        Document d = page("/alerts/" + idOf("DiskFull is failing"));
        assertThat(d.selectFirst("h1").text()).isEqualTo("DiskFull is failing");
        assertThat(d.select("#annotations dt").eachText()).containsExactly("runbook", "summary");
        assertThat(d.select("#times dt").eachText()).contains("Started", "Firing for", "Last heard of");
        assertThat(d.selectFirst("#times a").attr("href")).isEqualTo("https://grafana.example.org/d/1");
        assertThat(d.select("#why li").eachText())
                .contains(
                        "Routed by route to receiver ops in the group service=erp.",
                        "Not muted: it is notified as its route's timings allow.")
                .anyMatch(s ->
                        s.startsWith("Told ops by webhook that it is firing: sent at") && s.endsWith("2 attempts."));
        assertThat(d.select("#groups td").eachText()).containsExactly("ops", "route", "service=erp", "told it fires");
        Element n = d.selectFirst("#notifications .notification");
        assertThat(n.attr("data-state")).isEqualTo("sent");
        List<Element> attempts = n.select("tr.attempt");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).hasClass("attempt-failed")).isTrue();
        assertThat(attempts.get(0).select("td").eachText())
                .containsExactly(
                        "1", "2026-11-24 10:00:00 UTC", "✕ retry", "503", "120 ms", "HTTP 503 from the receiver");
        assertThat(attempts.get(1).hasClass("attempt-failed")).isFalse();
        assertThat(attempts.get(1).select("td").get(2).text()).isEqualTo("✓ sent");
    }

    @Test
    void theHistoryMarksFailedAndRetryingNotificationsAndLinksToTheirAlerts() {
        h.pipeline.receive("prometheus", List.of(firing("DiskFull", Map.of("service", "erp", "team", "finance"))));
        h.pipeline.receive("prometheus", List.of(firing("Backup", Map.of("service", "files"))));
        h.pipeline.runOnce();
        Instant at = h.clock.instant();
        for (Claimed c : h.outbox.claim("test-node", at, 100, Duration.ofMinutes(1))) {
            Delivery d = c.receiver().equals("finance")
                    ? new Delivery.Failed("HTTP 404 from the receiver: not found", Optional.of(404))
                    : new Delivery.Retry("timed out after 5 s", Optional.empty(), Optional.empty());
            h.outbox.record(c, d, new Outbox.Timing(at, at.plusSeconds(5), Duration.ofSeconds(5)));
        }
        String aid = idOf("DiskFull is failing");

        Document d = page("/notifications");
        assertThat(d.selectFirst("#showing").text()).contains("2 notifications").contains("2 failed or retrying");
        Element failed = d.selectFirst(".notification[data-state=failed]");
        assertThat(failed.hasClass("notification-failed")).isTrue();
        assertThat(failed.selectFirst("h3").text()).contains("✕ failed").contains("firing to finance by webhook");
        assertThat(failed.selectFirst(".msg-problem").text())
                .isEqualTo("Last error: HTTP 404 from the receiver: not found");
        assertThat(failed.selectFirst("a[href^=/alerts/]").attr("href")).isEqualTo("/alerts/" + aid);
        Element retrying = d.selectFirst(".notification[data-state=retrying]");
        assertThat(retrying.selectFirst(".word").text()).isEqualTo("retrying");
        assertThat(retrying.select("tr.attempt-failed td").eachText()).contains("timed out after 5 s", "–");

        Document finance = page("/notifications?receiver=finance");
        assertThat(finance.select(".notification").eachAttr("data-state")).containsExactly("failed");
        assertThat(finance.select("#filter-receiver option").eachText())
                .containsExactly("Every receiver", "finance", "ops");
        assertThat(page("/notifications?state=failed").select(".notification")).hasSize(1);
        assertThat(page("/notifications?state=lost").selectFirst(".msg-problem").text())
                .contains("State must be one of failed, pending, sending, sent");
    }

    @Test
    void anUnknownAlertGetsTheErrorPageNotAStackTrace() {
        ApiHarness.Answer a = h.send("GET", "/alerts/no-such-alert", Optional.empty(), viewer);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.contentType()).startsWith("text/html");
        Document d = Jsoup.parse(a.body());
        assertThat(d.selectFirst(".msg-problem").text()).contains("No alert with id \"no-such-alert\"");
        assertThat(d.select("header nav a").eachText()).contains("Alerts");
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("at dev.vitals");
    }

    @Test
    void nobodySignedInIsSentToSignInFirst() {
        for (String path : List.of("/alerts", "/alerts/x", "/notifications")) {
            ApiHarness.Answer a = h.send("GET", path, Optional.empty(), new ApiHarness.As.Nobody());
            assertThat(a.status()).as(path).isEqualTo(303);
            assertThat(a.headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");
        }
    }

    @Test
    void emptyPagesSayThereIsNothingYet() {
        assertThat(page("/alerts").selectFirst("#showing").text()).isEqualTo("No alert yet.");
        assertThat(page("/notifications").selectFirst("#showing").text()).isEqualTo("No notification yet.");
    }
}

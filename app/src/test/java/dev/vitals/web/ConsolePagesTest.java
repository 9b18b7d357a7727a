package dev.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Role;
import dev.vitals.api.ApiHarness;
import dev.vitals.checks.Outcome;
import dev.vitals.metrics.Histogram;
import dev.vitals.monitors.Monitor;
import dev.vitals.results.ResultWriter;
import dev.vitals.testkit.Results;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's pages, rendered by the real server from real evaluation and stored results. */
class ConsolePagesTest {
    @TempDir
    Path dir;

    private ApiHarness h;
    private ResultWriter writer;
    private ApiHarness.As.Browser viewer;

    @BeforeEach
    void start() {
        h = new ApiHarness(dir);
        writer = new ResultWriter(h.db, h.clock, ResultWriter.Settings.DEFAULT, new Histogram());
        writer.start();
        h.evaluator.addSink(writer::accept);
        Accounts.NewUser u = h.accounts.addUser("vera", Role.VIEWER, List.of());
        h.accounts.changePassword(u.user(), u.oneTimePassword(), "a long enough phrase", Optional.empty());
        viewer = h.session(h.accounts.store().user("vera").orElseThrow());
    }

    @AfterEach
    void stop() {
        writer.close(Duration.ofSeconds(5));
        h.close();
    }

    private Monitor monitor(String id, String name, Map<String, String> labels) {
        StringBuilder l = new StringBuilder();
        labels.forEach((k, v) -> l.append(l.isEmpty() ? "" : ", ")
                .append('"')
                .append(k)
                .append("\": \"")
                .append(v)
                .append('"'));
        Monitor m = h.registry.create("{\"id\": \"" + id + "\", \"name\": \"" + name
                + "\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9, \"labels\": {" + l + "}}");
        h.evaluator.track(m);
        return m;
    }

    /** {@code count} results of {@code outcome}, one a second: enough to confirm any state. */
    private void results(Monitor m, Outcome outcome, int count, long latencyMillis) {
        for (int i = 0; i < count; i++) {
            h.clock.advance(Duration.ofSeconds(1));
            h.evaluator.accept(m, Results.of(m.id(), h.clock.instant(), outcome, latencyMillis + i));
        }
    }

    private Document page(String path) {
        ApiHarness.Answer a = h.send("GET", path, Optional.empty(), viewer);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/html");
        return Jsoup.parse(a.body());
    }

    private static List<String> ids(Document d) {
        return d.select("tr.monitor").eachAttr("data-id");
    }

    @Test
    void theOverviewGroupsByServiceWorstFirstWithIconAndWord() {
        Monitor smtp = monitor("smtp", "Mail relay", Map.of("service", "mail"));
        Monitor imap = monitor("imap", "Mailboxes", Map.of("service", "mail"));
        Monitor wiki = monitor("wiki", "Wiki", Map.of("service", "wiki"));
        Monitor vpn = monitor("vpn", "VPN", Map.of("team", "network"));
        monitor("loose", "Loose end", Map.of());
        results(wiki, Outcome.UP, 3, 40);
        results(vpn, Outcome.UP, 3, 15);
        results(smtp, Outcome.UP, 3, 30);
        results(imap, Outcome.DOWN, 3, 0);

        Document d = page("/");
        assertThat(d.select("section.group").eachAttr("data-group"))
                .as("the worst first: down, then pending, then up")
                .containsExactly("mail", "other", "network", "wiki");
        assertThat(ids(d)).containsExactly("imap", "smtp", "loose", "vpn", "wiki");
        Element down = d.selectFirst("tr.monitor[data-id=imap]");
        assertThat(down.attr("data-state")).isEqualTo("down");
        assertThat(down.selectFirst("span.status .icon").text()).isEqualTo("✕");
        assertThat(down.selectFirst("span.status .word").text()).isEqualTo("down");
        assertThat(down.selectFirst("td.name a").attr("href")).isEqualTo("/monitors/imap");
        assertThat(down.selectFirst("td.avail-24h").text()).isEqualTo("0.00 %");
        Element up = d.selectFirst("tr.monitor[data-id=wiki]");
        assertThat(up.selectFirst("td.latency").text()).isEqualTo("42 ms");
        assertThat(up.selectFirst("td.avail-24h").text()).isEqualTo("100 %");
        assertThat(up.select("svg.sparkline polyline.spark-line").attr("points").split(" "))
                .hasSize(3);
        assertThat(d.selectFirst("#counts li[data-state=down] .count").text()).isEqualTo("1");
        assertThat(d.selectFirst("#counts li[data-state=up] .count").text()).isEqualTo("3");
        assertThat(d.selectFirst("#counts li[data-state=pending] .count").text())
                .isEqualTo("1");
        assertThat(d.selectFirst("#live").attr("data-events")).isEqualTo("/events?");
    }

    @Test
    void filtersNarrowByTextLabelAndStateAndSayWhatIsWrong() {
        Monitor smtp = monitor("smtp", "Mail relay", Map.of("service", "mail", "site", "berlin"));
        Monitor wiki = monitor("wiki", "Wiki", Map.of("service", "wiki", "site", "paris"));
        monitor("payroll", "Payroll export", Map.of("service", "payroll", "site", "berlin"));
        results(smtp, Outcome.DOWN, 3, 0);
        results(wiki, Outcome.UP, 3, 40);

        assertThat(ids(page("/?q=WIKI"))).containsExactly("wiki");
        assertThat(ids(page("/?q=paris"))).as("label values are searched").containsExactly("wiki");
        assertThat(ids(page("/?label=site%3Dberlin"))).containsExactlyInAnyOrder("smtp", "payroll");
        assertThat(ids(page("/?label=site%3Dberlin&state=down"))).containsExactly("smtp");
        Document pending = page("/?state=pending");
        assertThat(ids(pending)).containsExactly("payroll");
        // Counts ignore the state filter, so that the other states stay one click away.
        assertThat(pending.selectFirst("#counts li[data-state=up] .count").text())
                .isEqualTo("1");
        assertThat(pending.selectFirst("#filter-state option[selected]").val()).isEqualTo("pending");
        assertThat(ids(page("/?q=nothing-like-this"))).isEmpty();

        Document bad = page("/?label=site&state=sideways");
        assertThat(bad.selectFirst(".msg-problem").text()).contains("must look like key=value");
        assertThat(ids(bad)).hasSize(3);
        assertThat(page("/?state=sideways").selectFirst(".msg-problem").text())
                .contains("\"sideways\" is not one of pending, up, degraded, down, paused, unknown");
    }

    @Test
    void aLargeOverviewComesInPagesOfAHundred() {
        for (int i = 0; i < 250; i++) {
            monitor(String.format("m%03d", i), "Monitor " + i, Map.of("service", "s" + (i % 7)));
        }
        Document first = page("/");
        assertThat(ids(first)).hasSize(100);
        assertThat(first.selectFirst("nav.pages a[rel=next]").attr("href")).isEqualTo("/?page=2");
        assertThat(first.select("nav.pages a[rel=prev]")).isEmpty();
        Document last = page("/?page=3");
        assertThat(ids(last)).hasSize(50);
        assertThat(last.selectFirst("#showing").text()).contains("Monitors 201 to 250 of 250 (page 3 of 3)");
        List<String> all = new ArrayList<>(ids(first));
        all.addAll(ids(page("/?page=2")));
        all.addAll(ids(last));
        assertThat(all).doesNotHaveDuplicates().hasSize(250);
        assertThat(ids(page("/?page=99"))).isEqualTo(ids(last));
        assertThat(page("/?page=two").selectFirst(".msg-problem").text()).contains("whole number");
        Document narrowed = page("/?q=Monitor+1&label=service%3Ds1&page=1");
        assertThat(narrowed.select("tr.monitor td.name a").eachText())
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n).startsWith("Monitor 1"));
        assertThat(narrowed.select("section.group").eachAttr("data-group")).containsExactly("s1");
    }

    @Test
    void whatIsWrongListsTheLongestTroubleFirstWithTheReason() {
        Monitor a = monitor("a", "First to fail", Map.of());
        Monitor b = monitor("b", "Second to fail", Map.of());
        Monitor c = monitor("c", "Fine", Map.of());
        results(c, Outcome.UP, 3, 10);
        results(a, Outcome.DOWN, 3, 0);
        h.clock.advance(Duration.ofMinutes(5));
        results(b, Outcome.SLOW, 3, 2500);
        Document d = page("/problems");
        assertThat(d.select("#problems li").eachAttr("data-id")).containsExactly("a", "b");
        Element first = d.selectFirst("#problems li[data-id=a]");
        assertThat(first.selectFirst(".reason").text()).isNotBlank().doesNotContain("Down");
        assertThat(first.selectFirst(".since").text())
                .startsWith("since 2026-11-24")
                .contains("min)");
        assertThat(d.selectFirst("#problems li[data-id=b] span.status .word").text())
                .isEqualTo("degraded");

        results(a, Outcome.UP, 3, 10);
        results(b, Outcome.UP, 3, 10);
        assertThat(page("/problems").select("#no-problems")).hasSize(1);
    }

    @Test
    void theDetailPageDrawsTheChartPhasesDaysResultsAndFlips() throws Exception {
        Monitor m = monitor("web", "Web", Map.of("service", "intranet"));
        for (int i = 0; i < 60; i++) {
            results(m, i % 20 < 15 ? Outcome.UP : Outcome.DOWN, 1, 50 + (i % 7) * 10);
            h.clock.advance(Duration.ofSeconds(50));
        }
        assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();

        Document d = page("/monitors/web?range=1h");
        assertThat(d.selectFirst("#state").attr("data-id")).isEqualTo("web");
        String[] points =
                d.selectFirst("#latency-chart polyline.latency").attr("points").split(" ");
        assertThat(points.length).isGreaterThanOrEqualTo(10);
        assertThat(d.select("#latency-chart line.slow-threshold")).hasSize(1);
        assertThat(d.select("#latency-chart rect.down-band")).isNotEmpty();
        assertThat(d.selectFirst("#percentiles dd.p50").text()).matches("\\d+ ms");
        assertThat(d.selectFirst("#percentiles dd.p99").text()).matches("\\d+ ms");
        assertThat(d.select("#phases tr[data-phase]").eachAttr("data-phase")).containsExactly("connect", "first_byte");
        assertThat(d.select("#uptime rect.day")).hasSize(90);
        assertThat(d.select("#uptime rect.day-down")).hasSize(1);
        assertThat(d.select("#uptime rect.day-unknown")).hasSize(89);
        assertThat(d.select("#results tbody tr")).hasSize(20);
        assertThat(d.select("#flips tbody tr")).isNotEmpty();
        assertThat(d.select("#ranges a[aria-current=true]").attr("data-range")).isEqualTo("1h");

        for (String range : new String[] {"24h", "7d", "30d", "90d"}) {
            Document r = page("/monitors/web?range=" + range);
            assertThat(r.selectFirst("#latency-chart polyline.latency")
                            .attr("points")
                            .split(" ")
                            .length)
                    .as(range)
                    .isGreaterThanOrEqualTo(1);
        }
        ApiHarness.Answer bad = h.send("GET", "/monitors/web?range=1y", Optional.empty(), viewer);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Range must be one of 1h, 24h, 7d, 30d, 90d");
        ApiHarness.Answer none = h.send("GET", "/monitors/nope", Optional.empty(), viewer);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.contentType()).startsWith("text/html");
    }

    @Test
    void anOpenPageHearsOfChangesToItsRowsAndCounts() throws Exception {
        Monitor a = monitor("a", "A", Map.of("service", "x"));
        Monitor b = monitor("b", "B", Map.of("service", "y"));
        results(a, Outcome.UP, 3, 10);
        results(b, Outcome.UP, 3, 10);

        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + h.server.port() + "/events?label=service%3Dx"))
                .header("Accept", "text/event-stream")
                .header("Cookie", Accounts.SESSION_COOKIE + "=" + viewer.cookie())
                .build();
        HttpResponse<InputStream> res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> {
            List<String> got = new ArrayList<>();
            try {
                String event = null;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ") && event != null) {
                        got.add(event + " " + line.substring(6));
                        if (event.equals("counts")) {
                            return got;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return got;
        });
        // "b" is not on this page: its results are not sent, but its flip changes no count shown... it
        // does change the counts of the filter's page only if it matches; it does not.
        results(b, Outcome.UP, 1, 10);
        results(a, Outcome.DOWN, 3, 0);
        List<String> got = events.get(10, TimeUnit.SECONDS);
        res.body().close();
        assertThat(got).noneMatch(e -> e.contains("\"id\":\"b\""));
        assertThat(got)
                .anyMatch(e -> e.startsWith("row ")
                        && e.contains("\"id\":\"a\"")
                        && e.contains("\"state\":\"down\"")
                        && e.contains("\"icon\":\"✕\""));
        Matcher counts = Pattern.compile("counts \\{.*\"down\":1.*\\}").matcher(got.get(got.size() - 1));
        assertThat(counts.find()).as(got.toString()).isTrue();

        ApiHarness.Answer plain = h.send("GET", "/events", Optional.empty(), viewer);
        assertThat(plain.status()).isEqualTo(406);
        ApiHarness.Answer anonymous = h.send(
                "GET", "/events", Optional.empty(), new ApiHarness.As.Nobody(), Map.of("Accept", "text/event-stream"));
        assertThat(anonymous.status()).isEqualTo(303);
    }

    static final String KEY = "4f8a2c1e-7d3b-4e9a-b6c5-0a1b2c3d4e5f";
    static final String RID = "9d2f6a0e-1b3c-4d5e-8f70-a1b2c3d4e5f6";

    /** A nightly backup of team "ops", pinged through /ping/{key} as a job would. */
    private Monitor backup() {
        Monitor m = h.registry.create("{\"id\": \"backup\", \"name\": \"Nightly backup\", \"kind\": \"push\","
                + " \"key\": \"" + KEY + "\", \"schedule\": \"30 1 * * *\", \"tz\": \"Europe/Berlin\","
                + " \"grace\": \"2h\", \"max_duration\": \"3h\", \"labels\": {\"team\": \"ops\"}}");
        h.evaluator.track(m);
        h.push.put(m, java.util.UUID.fromString(KEY));
        return m;
    }

    private void ping(String path, String body) {
        ApiHarness.Answer a = h.send(
                body == null ? "GET" : "POST",
                "/ping/" + KEY + path,
                Optional.ofNullable(body),
                new ApiHarness.As.Nobody(),
                Map.of("Content-Type", "text/plain"));
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
    }

    /**
     * Vera signed in now: the tests move the clock by hours, past the idle time of the session signed in
     * at the start.
     */
    private ApiHarness.As fresh() {
        return h.session(h.accounts.store().user("vera").orElseThrow());
    }

    private Document page(String path, ApiHarness.As as) {
        ApiHarness.Answer a = h.send("GET", path, Optional.empty(), as);
        assertThat(a.status()).as(path + ": " + a.body()).isEqualTo(200);
        return Jsoup.parse(a.body());
    }

    @Test
    void aPushMonitorBeforeItsFirstPingSaysItIsWaitingAndHidesWhatOnlyCheckedMonitorsHave() {
        backup();
        Document d = page("/monitors/backup", fresh());
        Element job = d.selectFirst("section#job");
        assertThat(job.selectFirst("h2").text()).isEqualTo("Job");
        assertThat(job.selectFirst("dd.schedule").text()).isEqualTo("every day at 01:30 Europe/Berlin");
        assertThat(job.selectFirst("dd.run-state").text()).isEqualTo("pending: waiting for its first ping");
        assertThat(job.selectFirst("dd.last-ping").text()).isEqualTo("never");
        assertThat(job.selectFirst("dd.next-due").text()).isEqualTo("nothing until its first ping");
        assertThat(job.selectFirst("dd.grace").text()).isEqualTo("2 h");
        assertThat(job.selectFirst("dd.max-duration").text()).isEqualTo("3 h");
        assertThat(job.select("p").eachText()).contains("No runs yet.");
        assertThat(d.select("dt").eachText()).doesNotContain("Every", "Last latency", "Slow above");
        assertThat(d.selectFirst("#latency-chart"))
                .as("no latency chart for a job")
                .isNull();
        assertThat(d.selectFirst("#phases")).isNull();

        monitor("web", "Web", Map.of());
        Document checked = page("/monitors/web");
        assertThat(checked.selectFirst("section#job")).isNull();
        assertThat(checked.selectFirst("#latency-chart")).isNotNull();
        assertThat(checked.select("dt").eachText()).contains("Every", "Last latency");
    }

    @Test
    void aPushMonitorShowsItsRunsWithDurationExitStatusLogAndMessages() {
        backup();
        h.clock.set(java.time.Instant.parse("2026-11-25T00:30:00Z"));
        ping("/start?rid=" + RID, null);
        h.clock.advance(Duration.ofMinutes(2));
        ping("/log?rid=" + RID, "disk 81% full");
        h.clock.advance(Duration.ofMinutes(3).plusSeconds(5));
        ping("/3?rid=" + RID, "tar: /srv: Cannot open\n<script>alert(1)</script>\nline three");
        h.clock.advance(Duration.ofMinutes(1));
        ping("", "x".repeat(1023).concat("\n").repeat(150));
        h.clock.advance(Duration.ofMinutes(30));
        ping("/start", null);
        h.clock.advance(Duration.ofMinutes(10));

        Document d = page("/monitors/backup", fresh());
        Element job = d.selectFirst("section#job");
        assertThat(job.selectFirst("dd.run-state").text()).isEqualTo("running since 2026-11-25 01:06 UTC (10 min)");
        assertThat(job.selectFirst("dd.last-ping").text()).isEqualTo("2026-11-25 01:06 UTC (10 min ago)");
        assertThat(d.select("dt").eachText()).contains("Last run took");

        Element table = job.selectFirst("table#runs");
        assertThat(table.select("thead th").eachText())
                .containsExactly("Outcome", "Started", "Ended", "Took", "Exit status", "Log");
        assertThat(table.select("thead th").eachAttr("scope")).containsOnly("col");
        var runs = table.select("tr.run");
        assertThat(runs.eachAttr("data-outcome")).containsExactly("running", "success", "failure");

        Element running = runs.get(0);
        assertThat(running.selectFirst("td.started").text()).isEqualTo("2026-11-25 01:06:05 UTC");
        assertThat(running.selectFirst("td.ended").text()).isEqualTo("not yet");
        assertThat(running.selectFirst("td.log").text()).isEqualTo("none");

        Element big = runs.get(1);
        assertThat(big.selectFirst("td.started").text())
                .as("no start: unknown length")
                .isEqualTo("–");
        assertThat(big.selectFirst("td.took").text()).isEqualTo("–");
        assertThat(big.selectFirst("td.log p.cut").text()).isEqualTo("log cut at 100 KB");

        Element failed = runs.get(2);
        assertThat(failed.selectFirst("span.status .word").text()).isEqualTo("failure");
        assertThat(failed.selectFirst("td.started").text()).isEqualTo("2026-11-25 00:30:00 UTC");
        assertThat(failed.selectFirst("td.ended").text()).isEqualTo("2026-11-25 00:35:05 UTC");
        assertThat(failed.selectFirst("td.took").text()).isEqualTo("5 min");
        assertThat(failed.selectFirst("td.exit").text()).isEqualTo("3");
        Element details = failed.selectFirst("td.log details");
        assertThat(details.selectFirst("summary").text()).isEqualTo("Log of the run and 1 message");
        assertThat(details.selectFirst("> pre.log").wholeText())
                .as("newlines kept, markup shown as text")
                .isEqualTo("tar: /srv: Cannot open\n<script>alert(1)</script>\nline three");
        assertThat(details.select("script")).isEmpty();
        assertThat(details.selectFirst("p.cut")).isNull();
        assertThat(details.select("ol.messages li").eachText())
                .containsExactly("2026-11-25 00:32:00 UTC disk 81% full");
    }

    @Test
    void aJobThatReportedSaysWhenItIsNextDueAndLateWhenItMissedIt() {
        backup();
        h.clock.set(java.time.Instant.parse("2026-11-25T00:40:00Z"));
        ping("/0", "done");
        Element job = page("/monitors/backup", fresh()).selectFirst("section#job");
        assertThat(job.selectFirst("dd.run-state").text()).isEqualTo("reported; waiting for the next run");
        assertThat(job.selectFirst("dd.next-due").text()).isEqualTo("2026-11-26 00:30 UTC (in 23 h 50 min)");

        h.clock.set(java.time.Instant.parse("2026-11-26T01:00:00Z"));
        h.push.runDue();
        job = page("/monitors/backup", fresh()).selectFirst("section#job");
        assertThat(job.selectFirst("dd.run-state").text()).isEqualTo("late: its ping was due 2026-11-26 00:30 UTC");
        assertThat(job.selectFirst("dd.next-due").text()).isEqualTo("2026-11-26 00:30 UTC (30 min ago)");
    }

    @Test
    void thePingUrlIsShownToAdminsAndTheTeamOnly() {
        backup();
        String url = "http://127.0.0.1:";
        Document outsider = page("/monitors/backup", h.signedIn("olga", Role.RESPONDER, List.of("network")));
        assertThat(outsider.selectFirst("dd.ping-url").text()).isEqualTo("shown to the team only");
        assertThat(outsider.outerHtml()).doesNotContain(KEY);
        assertThat(page("/monitors/backup", fresh()).outerHtml())
                .as("a viewer in no team")
                .doesNotContain(KEY);

        Document member = page("/monitors/backup", h.signedIn("tom", Role.RESPONDER, List.of("ops")));
        assertThat(member.selectFirst("dd.ping-url code").text())
                .startsWith(url)
                .endsWith("/ping/" + KEY);
        Document admin = page("/monitors/backup", h.signedIn("ada", Role.ADMIN, List.of()));
        assertThat(admin.selectFirst("dd.ping-url code").text()).endsWith("/ping/" + KEY);
    }
}

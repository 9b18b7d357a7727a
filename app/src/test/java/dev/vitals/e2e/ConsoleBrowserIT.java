package dev.vitals.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testkit.ApiClient;
import dev.vitals.testkit.Chrome;
import dev.vitals.testkit.Chrome.Scheme;
import dev.vitals.testkit.ConsoleUser;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.VitalsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser (headless Chromium) against the real jar, watching services on
 * loopback: what an operator sees on the overview, on what's wrong now and on a monitor's page, that a
 * service going down shows without a reload, that filters filter, and that the pages work by keyboard,
 * at phone width and at 1920 px, light and dark. Every test leaves screenshots in {@code
 * target/screenshots/console-*.png} for a person to look at.
 *
 * <p>One Vitals and one signed-in browser serve the whole class, to keep it fast. Two tests stop a
 * service for good ({@code mail}, {@code files}); no other test asserts those two monitors' states.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {
    /** Every monitor checks this often and turns down after this many failed checks in a row. */
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final int FAIL_AFTER = 2;

    /**
     * What "within its interval plus confirmation" may take here: the checks that confirm, one more
     * interval for the check in flight when the service stopped, and a margin for a busy machine.
     */
    private static final Duration TURNS_DOWN_WITHIN =
            INTERVAL.multipliedBy(FAIL_AFTER + 1).plusSeconds(5);

    /** The monitors: id, name, labels. payroll answers 500 from the start; the rest answer 200. */
    private static final Map<String, Monitor> MONITORS = new LinkedHashMap<>();

    static {
        for (Monitor m : List.of(
                new Monitor("web-shop", "Web shop", "{service: shop, team: web}"),
                new Monitor("shop-api", "Shop API", "{service: shop, team: web}"),
                new Monitor("wiki", "Wiki", "{service: wiki, team: it}"),
                new Monitor("mail", "Mail", "{service: mail, team: it}"),
                new Monitor("files", "File shares", "{service: files, team: it}"),
                new Monitor("invoices", "Invoices", "{service: finance, team: finance}"),
                new Monitor("payroll", "Payroll", "{service: finance, team: finance}"),
                new Monitor("vpn", "VPN gateway", "{team: net}"),
                new Monitor("printer", "Printer", "{}"))) {
            MONITORS.put(m.id(), m);
        }
    }

    private record Monitor(String id, String name, String labels) {}

    private final Map<String, HttpTargets> targets = new LinkedHashMap<>();
    private VitalsProcess vitals;
    private Chrome chrome;
    private String base;

    @BeforeAll
    void startVitalsWatchingServicesAndSignInABrowser(@TempDir Path dir) throws Exception {
        StringBuilder config = new StringBuilder("monitors:\n");
        for (Monitor m : MONITORS.values()) {
            HttpTargets t = HttpTargets.http()
                    .on("/health", m.id().equals("payroll") ? Route.status(500, "payroll run failed") : Route.ok("ok"));
            targets.put(m.id(), t);
            config.append("  - id: ").append(m.id()).append('\n');
            config.append("    name: ").append(m.name()).append('\n');
            config.append("    kind: http\n");
            config.append("    url: ").append(t.url("/health")).append('\n');
            config.append("    interval: ").append(INTERVAL.toSeconds()).append("s\n");
            config.append("    timeout: 1s\n");
            // Well above a loopback answer even on a busy machine: no monitor here turns degraded by chance.
            config.append("    slow: 900ms\n");
            config.append("    confirm: {fail_after: ").append(FAIL_AFTER).append(", recover_after: 2}\n");
            config.append("    labels: ").append(m.labels()).append('\n');
        }
        Path file = dir.resolve("vitals.yaml");
        Files.writeString(file, config);
        Path data = dir.resolve("data");
        ConsoleUser ada = ConsoleUser.addAdmin(data, "ada");
        vitals = VitalsProcess.serve(file, data);
        base = vitals.baseUrl();

        // Every monitor confirmed first, so that each test starts from known states.
        ApiClient api = new ApiClient(base);
        for (Monitor m : MONITORS.values()) {
            String expected = m.id().equals("payroll") ? "down" : "up";
            api.await(
                    "/api/v1/monitors/" + m.id(),
                    Duration.ofSeconds(30),
                    r -> expected.equals(r.json().path("status").asText()));
        }
        chrome = Chrome.start();
        ada.signIn(chrome, base);
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (chrome != null) {
                chrome.close();
            }
        } finally {
            if (vitals != null) {
                vitals.close();
            }
            targets.values().forEach(HttpTargets::close);
        }
    }

    @BeforeEach
    void desktopSizeAndLight() {
        chrome.setSize(1280, 900).colorScheme(Scheme.LIGHT);
        chrome.consoleErrors(); // forget what earlier tests left
    }

    @Test
    void theOverviewListsEveryMonitorGroupedByServiceWithIconAndWordOfItsState() {
        openOverview("/");
        chrome.screenshot("console-overview");

        assertThat(rowIds()).containsExactlyInAnyOrderElementsOf(MONITORS.keySet());
        assertThat(group("shop")).containsExactlyInAnyOrder("web-shop", "shop-api");
        assertThat(group("wiki")).containsExactly("wiki");
        // Grouped by team when there is no service, and under "other" without either.
        assertThat(group("net")).containsExactly("vpn");
        assertThat(group("other")).containsExactly("printer");
        assertThat(chrome.find("section.group[data-group='finance'] h2").getText())
                .contains("finance");
        // Worst first: payroll is down, invoices up, though "invoices" sorts first by name.
        assertThat(group("finance")).containsExactly("payroll", "invoices");

        assertThat(row("payroll").getAttribute("data-state")).isEqualTo("down");
        for (String id : List.of("web-shop", "shop-api", "wiki", "invoices", "vpn", "printer")) {
            assertThat(row(id).getAttribute("data-state")).as(id).isEqualTo("up");
        }
        for (WebElement row : chrome.findAll("tr.monitor")) {
            String id = row.getAttribute("data-id");
            String state = row.getAttribute("data-state");
            WebElement status = row.findElement(By.cssSelector("td.status .status"));
            assertThat(status.getAttribute("class")).as(id).contains("status-" + state);
            assertThat(status.findElement(By.cssSelector(".word")).getText())
                    .as("the state of %s in words", id)
                    .isEqualTo(state);
            assertThat(iconOf(row)).as("the icon of %s", id).isNotBlank();
            WebElement name = row.findElement(By.cssSelector("td.name a"));
            assertThat(name.getText()).isEqualTo(MONITORS.get(id).name());
            assertThat(name.getAttribute("href")).endsWith("/monitors/" + id);
            assertThat(row.findElements(By.cssSelector("td.spark svg.sparkline")))
                    .as("the sparkline of %s", id)
                    .hasSize(1);
        }
        assertThat(row("wiki").findElement(By.cssSelector("td.latency")).getText())
                .as("the last latency of an up monitor")
                .matches("(?s).*\\d.*");
        // Not by colour alone: a down row's icon is another shape than an up row's.
        assertThat(iconOf(row("payroll"))).isNotEqualTo(iconOf(row("wiki")));

        Map<String, Integer> counts = counts();
        assertThat(counts.keySet()).contains("up", "down", "degraded", "pending", "paused", "unknown");
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(MONITORS.size());
        assertThat(counts.get("down")).isEqualTo(rowsInState("down"));
        assertThat(counts.get("up")).isEqualTo(rowsInState("up"));
        assertThat(chrome.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    @Test
    void aStoppedServiceTurnsDownOnTheOverviewWithoutAReload() {
        openOverview("/");
        awaitLive();
        chrome.until("mail up", Chrome.WAIT, d -> "up".equals(row("mail").getAttribute("data-state")));
        int downBefore = counts().get("down");
        int upBefore = counts().get("up");
        chrome.js("window.__noReload = 1");

        targets.get("mail").close();
        long stopped = System.nanoTime();
        chrome.until(
                "the row of mail to turn down",
                TURNS_DOWN_WITHIN,
                d -> "down".equals(row("mail").getAttribute("data-state")));
        Duration took = Duration.ofNanos(System.nanoTime() - stopped);
        chrome.until("the counts to follow", Chrome.WAIT, d -> counts().get("down") == downBefore + 1);
        chrome.screenshot("console-overview-live-down");

        assertThat(chrome.js("return window.__noReload"))
                .as("the page was not reloaded")
                .isEqualTo(1L);
        assertThat(row("mail").findElement(By.cssSelector("td.status .word")).getText())
                .isEqualTo("down");
        assertThat(row("mail").findElement(By.cssSelector("td.status .status")).getAttribute("class"))
                .contains("status-down");
        assertThat(counts().get("up")).isEqualTo(upBefore - 1);
        assertThat(took).isLessThanOrEqualTo(TURNS_DOWN_WITHIN);
    }

    @Test
    void whatsWrongNowListsTheDownMonitorWithItsReasonAndAddsANewOneLive() {
        chrome.open(base + "/problems");
        awaitLive();
        List<WebElement> problems = chrome.findAll("#problems li.problem");
        assertThat(problems).isNotEmpty();
        WebElement payroll = chrome.find("#problems li.problem[data-id='payroll']");
        assertThat(payroll.getAttribute("data-state")).isEqualTo("down");
        assertThat(payroll.getText()).contains("500").contains("since");
        // Longest trouble first: payroll has failed since Vitals started.
        assertThat(problems.get(0).getAttribute("data-id")).isEqualTo("payroll");
        assertThat(chrome.findAll("#problems li.problem[data-id='wiki']")).isEmpty();
        assertThat(chrome.findAll("#no-problems")).isEmpty();

        chrome.js("window.__noReload = 1");
        targets.get("files").close();
        WebElement files = chrome.until(
                "file shares to appear on what's wrong now",
                TURNS_DOWN_WITHIN,
                d -> chrome.findAll("#problems li.problem[data-id='files']").stream()
                        .filter(e -> "down".equals(e.getAttribute("data-state")))
                        .findFirst()
                        .orElse(null));
        chrome.screenshot("console-problems");
        assertThat(chrome.js("return window.__noReload"))
                .as("the page was not reloaded")
                .isEqualTo(1L);
        assertThat(files.getText()).as("the reason in words").containsIgnoringCase("refused");
        assertThat(chrome.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    @Test
    void theDetailPageDrawsTheLatencyChartPercentilesPhasesAndUptime() {
        chrome.open(base + "/monitors/web-shop");
        assertThat(chrome.find("#state .status .word").getText()).isEqualTo("up");
        assertThat(chrome.find("#reason").getText()).isNotBlank();

        List<double[]> points = chartPoints();
        assertThat(points).as("points of the latency chart").hasSizeGreaterThanOrEqualTo(2);
        assertThat(points).allSatisfy(p -> {
            assertThat(p[0]).isFinite();
            assertThat(p[1]).isFinite();
        });
        assertThat(points.get(points.size() - 1)[0])
                .as("the chart goes from left to right")
                .isGreaterThan(points.get(0)[0]);
        assertThat(chrome.findAll("#latency-chart line.slow-threshold")).hasSize(1);
        for (String p : List.of("p50", "p95", "p99")) {
            assertThat(chrome.find("#percentiles dd." + p).getText()).as(p).matches("(?s).*\\d.*");
        }
        // A check of http://127.0.0.1 looks up no name and shakes no TLS hands: only what happened.
        List<String> phases = chrome.findAll("#phases tr[data-phase]").stream()
                .map(r -> r.getAttribute("data-phase"))
                .toList();
        assertThat(phases)
                .contains("connect", "first_byte")
                .isSubsetOf("dns", "connect", "tls", "first_byte", "transfer");
        assertThat(chrome.findAll("#phases tr[data-phase] td.num"))
                .allSatisfy(td -> assertThat(td.getText()).matches("(?s).*\\d.*"));
        List<WebElement> days = chrome.findAll("#uptime rect.day");
        assertThat(days).isNotEmpty();
        assertThat(days)
                .allSatisfy(d -> assertThat(d.getAttribute("class")).matches("day day-(good|slow|down|unknown)"));
        assertThat(chrome.findAll("#results tbody tr")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(chrome.findAll("#flips")).hasSize(1);
        chrome.screenshot("console-detail");

        for (String range : List.of("1h", "24h", "7d", "30d", "90d")) {
            assertThat(chrome.findAll("#ranges a[data-range='" + range + "']"))
                    .as("the range link %s", range)
                    .hasSize(1);
        }
        chrome.find("#ranges a[data-range='1h']").click();
        chrome.until("the 1 h range", Chrome.WAIT, d -> chrome.pathAndQuery().contains("range=1h"));
        assertThat(chrome.pathAndQuery()).startsWith("/monitors/web-shop");
        assertThat(chartPoints()).hasSizeGreaterThanOrEqualTo(2);
        chrome.screenshot("console-detail-1h");
        chrome.find("#ranges a[data-range='7d']").click();
        chrome.until("the 7 d range", Chrome.WAIT, d -> chrome.pathAndQuery().contains("range=7d"));
        assertThat(chrome.findAll("#latency-chart")).hasSize(1);
        assertThat(chrome.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    @Test
    void typingTextAndSubmittingLeavesOnlyTheMatchingRows() {
        openOverview("/");
        chrome.find("#filter-q").sendKeys("wiki", Keys.ENTER);
        chrome.until("the text filter", Chrome.WAIT, d -> chrome.pathAndQuery().contains("q=wiki"));
        assertThat(rowIds()).containsExactly("wiki");
        chrome.screenshot("console-filter-text");
    }

    @Test
    void theStateFilterLeavesOnlyMonitorsInThatState() {
        openOverview("/");
        new Select(chrome.find("#filter-state")).selectByValue("down");
        chrome.find("#filter-apply").click();
        chrome.until("the state filter", Chrome.WAIT, d -> chrome.pathAndQuery().contains("state=down"));
        assertThat(rowIds()).contains("payroll").doesNotContain("wiki", "web-shop", "invoices");
        assertThat(chrome.findAll("tr.monitor"))
                .allSatisfy(r -> assertThat(r.getAttribute("data-state")).isEqualTo("down"));
        chrome.screenshot("console-filter-state");

        // The count of a state links to the same filter.
        openOverview("/");
        chrome.find("#counts li[data-state='up'] a").click();
        chrome.until(
                "the up filter from the counts",
                Chrome.WAIT,
                d -> chrome.pathAndQuery().contains("state=up"));
        assertThat(rowIds()).contains("wiki", "invoices").doesNotContain("payroll");
    }

    @Test
    void theLabelFilterLeavesOnlyMonitorsWithThatLabel() {
        openOverview("/");
        chrome.find("#filter-label").sendKeys("service=shop");
        chrome.find("#filter-apply").click();
        chrome.until("the label filter", Chrome.WAIT, d -> chrome.pathAndQuery().contains("label=service"));
        assertThat(rowIds()).containsExactlyInAnyOrder("web-shop", "shop-api");
        chrome.screenshot("console-filter-label");
    }

    @Test
    void atPhoneWidthNothingScrollsSideways() {
        chrome.setSize(390, 844);
        for (String page : List.of("/", "/problems", "/monitors/web-shop", "/alerts", "/notifications")) {
            chrome.open(base + page);
            long scrollWidth = ((Number) chrome.js("return document.documentElement.scrollWidth")).longValue();
            long innerWidth = ((Number) chrome.js("return window.innerWidth")).longValue();
            chrome.screenshot("console-phone" + shotName(page));
            assertThat(scrollWidth)
                    .as("the width of %s at 390 px (no scrolling sideways)", page)
                    .isLessThanOrEqualTo(innerWidth);
        }
        // What an operator needs on a phone is in view: every monitor's state, in words, and its name.
        chrome.open(base + "/");
        for (WebElement row : chrome.findAll("tr.monitor")) {
            for (String part : List.of("td.status .word", "td.name a")) {
                var r = row.findElement(By.cssSelector(part)).getRect();
                assertThat(r.getX() + r.getWidth())
                        .as("the right edge of %s of %s at 390 px", part, row.getAttribute("data-id"))
                        .isLessThanOrEqualTo(390);
            }
        }
        chrome.open(base + "/monitors/web-shop");
        var chart = chrome.find("#latency-chart").getRect();
        assertThat(chart.getX() + chart.getWidth())
                .as("the chart's right edge at 390 px")
                .isLessThanOrEqualTo(390);
    }

    @Test
    void at1920PixelsThePagesUseTheWidth() {
        chrome.setSize(1920, 1080);
        for (String page : List.of("/", "/problems", "/monitors/web-shop")) {
            chrome.open(base + page);
            chrome.screenshot("console-1920" + shotName(page));
            long scrollWidth = ((Number) chrome.js("return document.documentElement.scrollWidth")).longValue();
            assertThat(scrollWidth).as(page).isLessThanOrEqualTo(1920);
        }
        // The overview's table is not a narrow column in the middle of a wide screen.
        chrome.open(base + "/");
        assertThat(chrome.find("section.group table").getRect().getWidth()).isGreaterThan(900);
    }

    @Test
    void lightAndDarkFollowTheSystemSetting() {
        for (Scheme scheme : Scheme.values()) {
            chrome.colorScheme(scheme);
            for (String page : List.of("/", "/monitors/web-shop")) {
                chrome.open(base + page);
                chrome.screenshot("console-" + scheme.name().toLowerCase(java.util.Locale.ROOT) + shotName(page));
                double background = luminance(backgroundOfPage());
                double text = luminance((String) chrome.js("return getComputedStyle(document.body).color"));
                if (scheme == Scheme.DARK) {
                    assertThat(background).as("dark background of %s", page).isLessThan(0.2);
                    assertThat(text).as("light text of %s", page).isGreaterThan(0.5);
                } else {
                    assertThat(background).as("light background of %s", page).isGreaterThan(0.8);
                    assertThat(text).as("dark text of %s", page).isLessThan(0.3);
                }
            }
        }
    }

    @Test
    void theKeyboardReachesTheFilterAndTheFirstMonitorWithAVisibleFocus() {
        openOverview("/");
        String firstLink =
                (String) chrome.js("return document.querySelector('tr.monitor td.name a').getAttribute('href')");
        List<String> path = new ArrayList<>();
        boolean filter = false;
        boolean monitor = false;
        for (int i = 0; i < 60 && !(filter && monitor); i++) {
            new Actions(chrome.driver()).sendKeys(Keys.TAB).perform();
            @SuppressWarnings("unchecked")
            Map<String, Object> focused = (Map<String, Object>) chrome.js("""
                    const e = document.activeElement, s = getComputedStyle(e);
                    return {id: e.id, tag: e.tagName, href: e.getAttribute('href'),
                            outline: s.outlineStyle, outlineWidth: s.outlineWidth, shadow: s.boxShadow};
                    """);
            path.add(focused.get("tag") + "#" + focused.get("id") + " " + focused.get("href"));
            boolean isFilter = "filter-q".equals(focused.get("id"));
            boolean isMonitor = "A".equals(focused.get("tag")) && firstLink.equals(focused.get("href")) && filter;
            if (isFilter || isMonitor) {
                chrome.screenshot(isFilter ? "console-focus-filter" : "console-focus-monitor");
                boolean outlined = !"none".equals(focused.get("outline")) && !"0px".equals(focused.get("outlineWidth"));
                boolean shadowed = !"none".equals(focused.get("shadow"));
                assertThat(outlined || shadowed)
                        .as(
                                "a visible focus on %s (outline %s %s, shadow %s)",
                                path.getLast(),
                                focused.get("outline"),
                                focused.get("outlineWidth"),
                                focused.get("shadow"))
                        .isTrue();
            }
            filter |= isFilter;
            monitor |= isMonitor;
        }
        assertThat(filter).as("Tab reaches the filter; it went %s", path).isTrue();
        assertThat(monitor)
                .as("Tab reaches the first monitor after the filter; it went %s", path)
                .isTrue();
    }

    @Test
    void theAlertsPageListsTheDownMonitorsAlertAndTheKeyboardReachesIt() {
        // payroll is down from the start: its alert fires (no receiver is configured, so nobody is told).
        chrome.open(base + "/alerts");
        chrome.find("li.alert-item[data-state=firing]");
        // Other tests of this class take monitors down too (and in any order): find payroll's alert.
        WebElement alert = chrome.driver().findElements(By.cssSelector("li.alert-item[data-state=firing]")).stream()
                .filter(e -> e.findElement(By.cssSelector(".source a"))
                        .getAttribute("href")
                        .endsWith("/monitors/payroll"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no firing alert of payroll on /alerts"));
        assertThat(alert.findElement(By.cssSelector(".status .word")).getText()).isEqualTo("firing");
        chrome.screenshot("console-alerts");
        String firstLink =
                (String) chrome.js("return document.querySelector('li.alert-item a.name').getAttribute('href')");
        List<String> path = new ArrayList<>();
        boolean tab = false;
        boolean reached = false;
        for (int i = 0; i < 40 && !reached; i++) {
            new Actions(chrome.driver()).sendKeys(Keys.TAB).perform();
            @SuppressWarnings("unchecked")
            Map<String, Object> focused = (Map<String, Object>) chrome.js("""
                    const e = document.activeElement, s = getComputedStyle(e);
                    return {tag: e.tagName, href: e.getAttribute('href'),
                            outline: s.outlineStyle, outlineWidth: s.outlineWidth, shadow: s.boxShadow};
                    """);
            path.add(focused.get("tag") + " " + focused.get("href"));
            tab |= "/alerts?state=firing".equals(focused.get("href"));
            reached = firstLink.equals(focused.get("href"));
            if (reached) {
                boolean outlined = !"none".equals(focused.get("outline")) && !"0px".equals(focused.get("outlineWidth"));
                assertThat(outlined || !"none".equals(focused.get("shadow")))
                        .as("a visible focus on the first alert")
                        .isTrue();
            }
        }
        assertThat(tab).as("Tab reaches the Firing tab; it went %s", path).isTrue();
        assertThat(reached).as("Tab reaches the first alert; it went %s", path).isTrue();
        new Actions(chrome.driver()).sendKeys(Keys.ENTER).perform();
        chrome.until("the alert's page", Chrome.WAIT, d -> d.getCurrentUrl().contains("/alerts/"));
        chrome.waitFor("#why");
        assertThat(chrome.find("#why").getText()).contains("nobody is notified");
        chrome.screenshot("console-alert");
    }

    // --- reading the pages

    private void openOverview(String pathAndQuery) {
        chrome.open(base + pathAndQuery);
        chrome.waitFor("tr.monitor");
    }

    private void awaitLive() {
        chrome.until(
                "the live updates to connect (body[data-live=connected])",
                Chrome.WAIT,
                d -> "connected".equals(chrome.js("return document.body.dataset.live")));
    }

    private WebElement row(String id) {
        return chrome.find("tr.monitor[data-id='" + id + "']");
    }

    private List<String> rowIds() {
        return chrome.findAll("tr.monitor").stream()
                .map(r -> r.getAttribute("data-id"))
                .toList();
    }

    private List<String> group(String name) {
        return chrome.findAll("section.group[data-group='" + name + "'] tr.monitor").stream()
                .map(r -> r.getAttribute("data-id"))
                .toList();
    }

    private int rowsInState(String state) {
        return chrome.findAll("tr.monitor[data-state='" + state + "']").size();
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (WebElement li : chrome.findAll("#counts li[data-state]")) {
            String n = li.findElement(By.cssSelector(".count")).getText().strip();
            counts.put(li.getAttribute("data-state"), Integer.parseInt(n));
        }
        return counts;
    }

    /** What the icon shows: its text, or what CSS puts before it. */
    private String iconOf(WebElement row) {
        return (String) chrome.js("""
                const i = arguments[0].querySelector('td.status .icon');
                if (!i) return '';
                const before = getComputedStyle(i, '::before').content;
                const r = i.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) return '';
                return i.textContent.trim() + (before === 'none' || before === 'normal' ? '' : before)
                    + i.innerHTML.replace(/\\s+/g, ' ');
                """, row);
    }

    /**
     * The colour behind the page's text: the body's, else the root's, else the browser's canvas
     * (which {@code color-scheme} makes dark in dark mode).
     */
    private String backgroundOfPage() {
        return (String) chrome.js("""
                const clear = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
                for (const e of [document.body, document.documentElement]) {
                  const c = getComputedStyle(e).backgroundColor;
                  if (!clear(c)) return c;
                }
                const probe = document.createElement('div');
                probe.style.backgroundColor = 'Canvas';
                document.body.append(probe);
                const c = getComputedStyle(probe).backgroundColor;
                probe.remove();
                return c;
                """);
    }

    private List<double[]> chartPoints() {
        String points = chrome.find("#latency-chart polyline.latency").getAttribute("points");
        List<double[]> out = new ArrayList<>();
        for (String pair : points.strip().split("\\s+")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] xy = pair.split(",");
            out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return out;
    }

    private static String shotName(String page) {
        return switch (page) {
            case "/" -> "-overview";
            case "/problems" -> "-problems";
            default -> "-detail";
        };
    }

    /** The relative luminance (0 black, 1 white) of a CSS {@code rgb(...)} or {@code rgba(...)} colour. */
    private static double luminance(String css) {
        String[] parts = css.replaceAll("[^0-9.,]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Double.parseDouble(parts[i]) / 255;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}

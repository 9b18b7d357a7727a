package dev.vitals.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The alerting benchmark ({@code bench/run alerts}), against the real jar:
 *
 * <ol>
 *   <li>latency: N http monitors at 1 s with {@code fail_after: 1}, turned down in waves by their
 *       targets; for each down flip, from the flip's time in Vitals ({@code at} of {@code GET
 *       /api/v1/flips}) to the webhook request arriving at a collector in this process;
 *   <li>storm: 10,000 alerts posted to {@code /api/v2/alerts} within one second by several client
 *       threads, told to a fast receiver and to one that answers after 5 s; whether every post was
 *       taken, when every alert was stored, and whether the fast receiver heard all of them without
 *       waiting on the slow one.
 * </ol>
 *
 * Arguments (all optional): {@code alert-monitors=1000 waves=10 storm-alerts=10000 storm-threads=8
 * storm-batch=100 storm-groups=100 slow-seconds=5 heap=512m}.
 */
final class AlertBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AM_TOKEN = "bench-am-token-" + java.util.UUID.randomUUID();

    private AlertBench() {}

    static void run(Path jar, Bench.Args a) throws Exception {
        Path work = Files.createTempDirectory("vitals-alert-bench");
        System.out.printf(
                Locale.ROOT,
                "Vitals alerting benchmark %s on %d cores, Java %s%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        String heap = a.get("heap", "512m");
        if (a.integer("alert-monitors", 1000) > 0) {
            latency(jar, work.resolve("latency"), a.integer("alert-monitors", 1000), a.integer("waves", 10), heap);
        }
        if (a.integer("storm-alerts", 10_000) == 0) {
            System.out.println("\n(data of this run: " + work + ")");
            return;
        }
        storm(
                jar,
                work.resolve("storm"),
                new Storm(
                        a.integer("storm-alerts", 10_000),
                        a.integer("storm-threads", 8),
                        a.integer("storm-batch", 100),
                        a.integer("storm-groups", 100),
                        Duration.ofSeconds(a.integer("slow-seconds", 5))),
                heap);
        System.out.println("\n(data of this run: " + work + ")");
    }

    // ---------------------------------------------------------------- latency

    private static void latency(Path jar, Path dir, int monitors, int waves, String heap) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%n## Latency: %d http monitors every 1s, fail_after 1, turned down in %d waves%n",
                monitors,
                waves);
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        try (SwitchTargets targets = new SwitchTargets(8, monitors);
                Collector hook = new Collector(Duration.ZERO)) {
            StringBuilder y = new StringBuilder("monitors:\n");
            for (int i = 0; i < monitors; i++) {
                y.append("  - id: m")
                        .append(i)
                        .append("\n    kind: http\n    url: ")
                        .append(targets.url(i))
                        .append("\n    interval: 1s\n    timeout: 1s\n")
                        .append("    confirm: {fail_after: 1, recover_after: 1}\n")
                        .append("    labels: {service: s")
                        .append(i % 100)
                        .append("}\n");
            }
            // group_by monitor: every flip is a group of its own, told at once (group_wait 0s).
            y.append("receivers:\n  - name: collector\n    webhook: { url: \"")
                    .append(hook.url())
                    .append("\" }\n")
                    .append("route:\n  receiver: collector\n  group_by: [monitor]\n  group_wait: 0s\n")
                    .append("  group_interval: 1s\n  repeat_interval: 4h\n");
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, y);
            Instant from;
            Duration cpu;
            double window;
            Settled settled;
            Map<String, Instant> flipAt = new HashMap<>();
            try (VitalsRun vitals = new VitalsRun(jar, config, data, heap)) {
                settled = settle(vitals, monitors);
                from = Instant.now();
                Duration cpu0 = vitals.cpu();
                int perWave = (monitors + waves - 1) / waves;
                for (int w = 0; w < waves; w++) {
                    for (int i = w * perWave; i < Math.min(monitors, (w + 1) * perWave); i++) {
                        targets.down(i);
                    }
                    Thread.sleep(1_000);
                }
                long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                // One group per flip, so one request each; the payloads are read after the run.
                while (arrivalsAfter(hook, from) < monitors && System.nanoTime() < end) {
                    Thread.sleep(200);
                }
                window = Duration.between(from, Instant.now()).toMillis() / 1000.0;
                cpu = vitals.cpu().minus(cpu0);
                JsonNode flips = JSON.readTree(vitals.text("/api/v1/flips?limit=10000&from=" + from));
                for (JsonNode f : flips.get("flips")) {
                    if (f.get("to").asText().equals("down")) {
                        // Each target goes down once and stays down: one down flip per monitor.
                        flipAt.put(
                                f.get("monitor").asText(),
                                Instant.parse(f.get("at").asText()).truncatedTo(ChronoUnit.MILLIS));
                    }
                }
                vitals.stop();
            }
            // A flip and its notification meet on the monitor and the alert's start, which is the flip's at.
            Map<String, Instant> arrived = firing(hook.arrivals(), from);
            Map<String, Instant> created = notificationsCreated(data.resolve("vitals.db"), from);
            List<Long> total = new ArrayList<>();
            List<Long> toOutbox = new ArrayList<>();
            List<Long> outboxToArrival = new ArrayList<>();
            int missing = 0;
            for (Map.Entry<String, Instant> f : flipAt.entrySet()) {
                String key = f.getKey() + "@" + f.getValue();
                Instant in = arrived.get(key);
                if (in == null) {
                    missing++;
                    continue;
                }
                total.add(Duration.between(f.getValue(), in).toMillis());
                Instant c = created.get(key);
                if (c != null) {
                    toOutbox.add(Duration.between(f.getValue(), c).toMillis());
                    outboxToArrival.add(Duration.between(c, in).toMillis());
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    settled.quiet()
                            ? "settled           after %d s: every monitor up, no notification waiting%n"
                            : "NOT SETTLED       after %d s: monitors still flapping or notifications waiting%n",
                    settled.took().toSeconds());
            System.out.printf(
                    Locale.ROOT,
                    "down flips        %d after the waves began (%d without a webhook by the end)%n",
                    flipAt.size(),
                    missing);
            System.out.printf(Locale.ROOT, "webhook requests  %d after the waves began%n", arrivalsAfter(hook, from));
            print("flip -> webhook arrival", total);
            print("  flip -> written to the outbox", toOutbox);
            print("  outbox -> webhook arrival", outboxToArrival);
            System.out.printf(
                    Locale.ROOT,
                    "CPU of Vitals     %.2f cores (%.1f s of CPU in %.0f s, with %d checks/s running)%n",
                    cpu.toMillis() / 1000.0 / window,
                    cpu.toMillis() / 1000.0,
                    window,
                    monitors);
        }
    }

    private record Settled(Duration took, boolean quiet) {}

    /**
     * Waits until every monitor is up and no notification waits: at start-up 1,000 monitors at 1 s on
     * two cores time out now and then, and with {@code fail_after: 1} each such flip is an alert, told
     * and resolved. Measuring starts from quiet.
     */
    private static Settled settle(VitalsRun vitals, int monitors) throws Exception {
        long t0 = System.nanoTime();
        int quiet = 0;
        while (quiet < 5) {
            Thread.sleep(1_000);
            if (System.nanoTime() - t0 > Duration.ofMinutes(3).toNanos()) {
                return new Settled(Duration.ofNanos(System.nanoTime() - t0), false); // measured anyway, and said
            }
            JsonNode list = JSON.readTree(vitals.text("/api/v1/monitors"));
            long up = 0;
            for (JsonNode m : list.get("monitors")) {
                up += m.path("status").asText().equals("up") ? 1 : 0;
            }
            boolean waiting = !JSON.readTree(vitals.text("/api/v1/notifications?state=pending&limit=1"))
                            .get("notifications")
                            .isEmpty()
                    || !JSON.readTree(vitals.text("/api/v1/notifications?state=sending&limit=1"))
                            .get("notifications")
                            .isEmpty();
            quiet = up == monitors && !waiting ? quiet + 1 : 0;
        }
        return new Settled(Duration.ofNanos(System.nanoTime() - t0), true);
    }

    private static long arrivalsAfter(Collector c, Instant from) {
        return c.arrivals().stream().filter(a -> a.at().isAfter(from)).count();
    }

    /**
     * When the first firing notification about each alert arrived, by {@code monitor@starts_at}: the
     * alert of a monitor starts when its down flip does.
     */
    private static Map<String, Instant> firing(List<Collector.Arrival> arrivals, Instant from) throws Exception {
        Map<String, Instant> first = new HashMap<>();
        for (Collector.Arrival a : arrivals) {
            if (a.at().isAfter(from)) {
                firingAlerts(JSON.readTree(a.body()), key -> first.merge(key, a.at(), AlertBench::earlier));
            }
        }
        return first;
    }

    /** When the first firing notification about each alert was written to the outbox, by the same key. */
    private static Map<String, Instant> notificationsCreated(Path db, Instant from) throws Exception {
        Map<String, Instant> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT payload, created_at FROM notifications WHERE event = 'firing' AND created_at >= ?")) {
            ps.setLong(1, from.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = Instant.ofEpochMilli(rs.getLong(2));
                    firingAlerts(JSON.readTree(rs.getString(1)), key -> out.merge(key, at, AlertBench::earlier));
                }
            }
        }
        return out;
    }

    private static void firingAlerts(JsonNode message, java.util.function.Consumer<String> key) {
        for (JsonNode alert : message.get("alerts")) {
            if (alert.get("status").asText().equalsIgnoreCase("firing")) {
                Instant starts = Instant.parse(alert.get("startsAt").asText()).truncatedTo(ChronoUnit.MILLIS);
                key.accept(alert.get("labels").get("monitor").asText() + "@" + starts);
            }
        }
    }

    private static Instant earlier(Instant x, Instant y) {
        return x.isBefore(y) ? x : y;
    }

    private static void print(String what, List<Long> millis) {
        long[] s = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "%-32s n %d: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %d ms%n",
                what,
                s.length,
                Bench.pct(s, 0.50),
                Bench.pct(s, 0.95),
                Bench.pct(s, 0.99),
                s.length == 0 ? 0 : s[s.length - 1]);
    }

    // ---------------------------------------------------------------- storm

    /** The storm's shape: {@code groups} distinct alertnames make that many groups per receiver. */
    private record Storm(int alerts, int threads, int batch, int groups, Duration slow) {}

    private static void storm(Path jar, Path dir, Storm s, String heap) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%n## Storm: %d alerts to /api/v2/alerts within 1 s (%d threads, %d a request),"
                        + " %d groups, a fast receiver and one answering after %d s%n",
                s.alerts(),
                s.threads(),
                s.batch(),
                s.groups(),
                s.slow().toSeconds());
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        try (Collector fast = new Collector(Duration.ZERO);
                Collector slow = new Collector(s.slow())) {
            // Both receivers hear every alert: the first child route goes on (continue) to the second.
            String yaml = "monitors: []\n"
                    + "receivers:\n"
                    + "  - name: fast\n    webhook: { url: \"" + fast.url() + "\" }\n"
                    + "  - name: slow\n    webhook: { url: \"" + slow.url() + "\", timeout: 30s }\n"
                    + "route:\n  receiver: fast\n  group_by: [alertname]\n  group_wait: 0s\n"
                    + "  group_interval: 1s\n  repeat_interval: 4h\n  routes:\n"
                    + "    - match_re: { alertname: \".+\" }\n      receiver: fast\n      continue: true\n"
                    + "    - match_re: { alertname: \".+\" }\n      receiver: slow\n"
                    + "integrations:\n  - name: storm\n    kind: alertmanager\n    token: ${BENCH_AM_TOKEN}\n";
            Path config = dir.resolve("vitals.yaml");
            Files.writeString(config, yaml);
            try (VitalsRun vitals = new VitalsRun(jar, config, data, heap, Map.of("BENCH_AM_TOKEN", AM_TOKEN))) {
                Thread.sleep(2_000);
                Duration cpu0 = vitals.cpu();
                Instant start = Instant.now();
                Posted posted = post(vitals.base() + "/api/v2/alerts", s, start);
                long accepted = posted.statuses().entrySet().stream()
                        .filter(e -> e.getKey() / 100 == 2)
                        .mapToLong(e -> (long) e.getValue() * s.batch())
                        .sum();
                Stored stored = waitStored(data.resolve("vitals.db"), Math.min(accepted, s.alerts()));
                Instant fastDone = waitHeard(fast, (int) stored.alerts(), Duration.ofSeconds(600));
                Thread.sleep(s.slow().multipliedBy(2).toMillis()); // the slow one goes on meanwhile
                Duration cpu = vitals.cpu().minus(cpu0);
                Instant end = Instant.now();
                vitals.stop();
                report(s, start, posted, stored, fastDone, fast, slow, cpu, end);
            }
        }
    }

    /** What the clients saw: answers by status, when the last request left and the last answer came. */
    private record Posted(Map<Integer, Integer> statuses, Instant lastAnswer, Instant lastSent, long[] nanos) {}

    /**
     * The storm: each client thread sends its share of the requests at their times within the second
     * without waiting for answers (a storm does not slow down because the receiver is busy), then all
     * answers are awaited.
     */
    private static Posted post(String url, Storm s, Instant start) throws Exception {
        int requests = (s.alerts() + s.batch() - 1) / s.batch();
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        long[] nanos = new long[requests];
        java.util.concurrent.atomic.AtomicLong lastAnswer = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong lastSent = new java.util.concurrent.atomic.AtomicLong();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String endsAt = start.plus(Duration.ofHours(1)).toString();
        List<java.util.concurrent.CompletableFuture<?>> answers =
                java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(s.threads())) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < s.threads(); t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    for (int r = thread; r < requests; r += s.threads()) {
                        // Paced: request r leaves at r/requests of the second, so the storm spans 1 s.
                        long wait = start.toEpochMilli() + 1000L * r / requests - System.currentTimeMillis();
                        if (wait > 0) {
                            Thread.sleep(wait);
                        }
                        int req = r;
                        long t0 = System.nanoTime();
                        lastSent.accumulateAndGet(System.currentTimeMillis(), Math::max);
                        answers.add(http.sendAsync(
                                        HttpRequest.newBuilder(URI.create(url))
                                                .header("Authorization", "Bearer " + AM_TOKEN)
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString(body(s, r, start, endsAt)))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .whenComplete((resp, e) -> {
                                    nanos[req] = System.nanoTime() - t0;
                                    statuses.merge(resp == null ? -1 : resp.statusCode(), 1, Integer::sum);
                                    lastAnswer.accumulateAndGet(System.currentTimeMillis(), Math::max);
                                }));
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        }
        for (java.util.concurrent.CompletableFuture<?> f : answers) {
            try {
                f.join();
            } catch (java.util.concurrent.CompletionException e) {
                // counted as -1 (no answer) above
            }
        }
        return new Posted(
                Map.copyOf(statuses),
                Instant.ofEpochMilli(lastAnswer.get()),
                Instant.ofEpochMilli(lastSent.get()),
                nanos);
    }

    /** Request r's alerts: {@code groups} alertnames (the route groups by it) and one instance each. */
    private static String body(Storm s, int r, Instant start, String endsAt) {
        StringBuilder b = new StringBuilder("[");
        for (int i = r * s.batch(); i < Math.min(s.alerts(), (r + 1) * s.batch()); i++) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"labels\":{\"alertname\":\"storm")
                    .append(i % s.groups())
                    .append("\",\"instance\":\"host")
                    .append(i)
                    .append("\"},\"annotations\":{\"summary\":\"storm alert ")
                    .append(i)
                    .append("\"},\"startsAt\":\"")
                    .append(start)
                    .append("\",\"endsAt\":\"")
                    .append(endsAt)
                    .append("\"}");
        }
        return b.append(']').toString();
    }

    /** How many alerts were stored, and when the last of them was. */
    private record Stored(long alerts, Instant at) {}

    /**
     * Polls the database (read-only, beside the running Vitals) until {@code expected} alerts are
     * stored. Called once every post has its answer, so a count that stays short for 10 s stays so:
     * some posts were refused.
     */
    private static Stored waitStored(Path db, long expected) throws Exception {
        org.sqlite.SQLiteConfig ro = new org.sqlite.SQLiteConfig();
        ro.setReadOnly(true);
        long last = -1;
        Instant changed = Instant.now();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, ro.toProperties())) {
            while (true) {
                long n = count(c, "SELECT count(*) FROM alerts WHERE source = 'storm'");
                if (n != last) {
                    last = n;
                    changed = Instant.now();
                }
                if (n >= expected || Duration.between(changed, Instant.now()).toSeconds() >= 10) {
                    return new Stored(n, changed);
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Waits until the collector has heard of {@code n} distinct firing alerts; when it did. Reads each
     * request once: re-reading them all on every poll would take the CPU the run measures.
     */
    private static Instant waitHeard(Collector c, int n, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        Set<String> alerts = new HashSet<>();
        Instant last = Instant.MIN;
        int read = 0;
        while (System.nanoTime() < end) {
            List<Collector.Arrival> all = c.arrivals();
            for (; read < all.size(); read++) {
                Collector.Arrival a = all.get(read);
                for (JsonNode alert : JSON.readTree(a.body()).get("alerts")) {
                    if (alert.get("status").asText().equalsIgnoreCase("firing")) {
                        alerts.add(alert.get("id").asText());
                    }
                }
                last = a.at().isAfter(last) ? a.at() : last;
                if (alerts.size() >= n) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the fast receiver heard of " + alerts.size() + " alerts, not " + n
                + ", within " + limit.toSeconds() + " s");
    }

    /** The distinct firing alerts a receiver heard of, the groups, and the first and last arrivals. */
    private record Heard(Set<String> alerts, Set<String> groups, Instant first, Instant last, int requests) {}

    private static Heard heard(List<Collector.Arrival> arrivals) throws Exception {
        Set<String> alerts = new HashSet<>();
        Set<String> groups = new HashSet<>();
        Instant first = Instant.MAX;
        Instant last = Instant.MIN;
        for (Collector.Arrival a : arrivals) {
            JsonNode m = JSON.readTree(a.body());
            groups.add(m.get("groupKey").asText());
            for (JsonNode alert : m.get("alerts")) {
                if (alert.get("status").asText().equalsIgnoreCase("firing")) {
                    alerts.add(alert.get("id").asText());
                }
            }
            first = a.at().isBefore(first) ? a.at() : first;
            last = a.at().isAfter(last) ? a.at() : last;
        }
        return new Heard(alerts, groups, first, last, arrivals.size());
    }

    private static void report(
            Storm s,
            Instant start,
            Posted posted,
            Stored stored,
            Instant fastDone,
            Collector fast,
            Collector slow,
            Duration cpu,
            Instant end)
            throws Exception {
        long[] sorted = posted.nanos().clone();
        java.util.Arrays.sort(sorted);
        int ok = posted.statuses().entrySet().stream()
                .filter(e -> e.getKey() / 100 == 2)
                .mapToInt(Map.Entry::getValue)
                .sum();
        System.out.printf(
                Locale.ROOT,
                "posts             %d of %d answered 2xx (statuses %s); last sent at +%d ms, last answer at +%d ms%n",
                ok,
                sorted.length,
                posted.statuses(),
                ms(start, posted.lastSent()),
                ms(start, posted.lastAnswer()));
        System.out.printf(
                Locale.ROOT,
                "post time         p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                Bench.pct(sorted, 0.5) / 1e6,
                Bench.pct(sorted, 0.99) / 1e6,
                sorted[sorted.length - 1] / 1e6);
        System.out.printf(
                Locale.ROOT,
                "stored            %d of %d alerts, the last by +%d ms%n",
                stored.alerts(),
                s.alerts(),
                ms(start, stored.at()));
        Heard f = heard(fast.arrivals());
        Heard sl = heard(slow.arrivals());
        System.out.printf(
                Locale.ROOT,
                "fast receiver     %d requests, %d groups, %d alerts; first at +%d ms, all stored ones heard by +%d ms%n",
                f.requests(),
                f.groups().size(),
                f.alerts().size(),
                ms(start, f.first()),
                ms(start, fastDone));
        long slowByFastDone =
                slow.arrivals().stream().filter(a -> !a.at().isAfter(fastDone)).count();
        System.out.printf(
                Locale.ROOT,
                "slow receiver     %d requests by the time the fast one had heard all (%d by +%d ms), %d groups,"
                        + " %d alerts; first at +%d ms%n",
                slowByFastDone,
                sl.requests(),
                ms(start, end),
                sl.groups().size(),
                sl.alerts().size(),
                sl.requests() == 0 ? -1 : ms(start, sl.first()));
        System.out.printf(
                Locale.ROOT,
                "CPU of Vitals     %.1f s from the storm to +%d ms%n",
                cpu.toMillis() / 1000.0,
                ms(start, end));
    }

    private static long ms(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

package dev.vitals.bench;

import dev.vitals.config.Durations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deadline benchmark ({@code bench/run deadlines}): issue 6 wants a missed heartbeat noticed within
 * 2 s of its deadline with 100,000 push monitors. The real jar runs with N push monitors; each is
 * pinged once, then nothing more is sent, so that every one goes late one period after its ping. The
 * lag is measured twice:
 *
 * <ol>
 *   <li>by Vitals itself, {@code vitals_push_deadline_lag_seconds} in {@code /metrics}: from the
 *       deadline to the moment the watcher made the late result;
 *   <li>from the stored rows once Vitals has stopped: per monitor, its last stored ping plus the period
 *       against the time of its flip to degraded.
 * </ol>
 *
 * <p>PASS when every monitor flipped and the largest lag is at most 2 s; otherwise FAIL, and a non-zero
 * exit.
 *
 * <p>Arguments (all optional): {@code push-monitors=100000 period=1m grace=1m heap=512m concurrency=32
 * start-seconds=600}.
 */
final class DeadlineBench {
    private static final Duration LIMIT = Duration.ofSeconds(2);
    private static final Pattern BUCKET =
            Pattern.compile("(?m)^vitals_push_deadline_lag_seconds_bucket\\{le=\"([^\"]+)\"} (\\S+)$");
    private static final Pattern COUNT = Pattern.compile("(?m)^vitals_push_deadline_lag_seconds_count (\\S+)$");
    private static final Pattern SUM = Pattern.compile("(?m)^vitals_push_deadline_lag_seconds_sum (\\S+)$");
    private static final Pattern HEAP = Pattern.compile("(?m)^vitals_jvm_heap_used_bytes (\\S+)$");

    private DeadlineBench() {}

    static void run(Path jar, Bench.Args a) throws Exception {
        int monitors = a.integer("push-monitors", 100_000);
        String periodText = a.get("period", "1m");
        String graceText = a.get("grace", "1m");
        Duration period = duration("period", periodText);
        Duration grace = duration("grace", graceText);
        String heap = a.get("heap", "512m");
        int concurrency = a.integer("concurrency", 32);
        Duration startLimit = Duration.ofSeconds(a.integer("start-seconds", 600));
        Path dir = Files.createTempDirectory("vitals-deadline-bench");
        System.out.printf(
                Locale.ROOT,
                "Vitals deadline benchmark %s on %d cores, Java %s%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        System.out.printf(
                Locale.ROOT,
                "%n## Deadlines: %d push monitors, period %s, grace %s, heap limit %s, load average %s%n",
                monitors,
                periodText,
                graceText,
                heap,
                PingBench.loadAverage());
        List<UUID> keys = PingBench.keys(monitors);
        Path config = PingBench.config(dir, keys, periodText, graceText);
        Path data = dir.resolve("data");
        Path db = data.resolve("vitals.db");
        String metrics;
        double metricsSeconds;
        long rssStarted;
        long rssEnd;
        long t0 = System.nanoTime();
        try (VitalsRun vitals = new VitalsRun(jar, config, data, heap, Map.of(), startLimit)) {
            double started = (System.nanoTime() - t0) / 1e9;
            rssStarted = vitals.rssBytes();
            System.out.printf(
                    Locale.ROOT,
                    "start-up          %.1f s to \"Vitals is running\", RSS then %.0f MiB%n",
                    started,
                    rssStarted / 1048576.0);

            Instant pingFrom = Instant.now();
            long p0 = System.nanoTime();
            Pinged pinged = pingEach(vitals.base(), keys, concurrency);
            double pingSeconds = (System.nanoTime() - p0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "pinged            %d keys once in %.1f s (%.0f/s, %d at once), %d not 200%s%n",
                    pinged.ok() + pinged.failed(),
                    pingSeconds,
                    monitors / pingSeconds,
                    concurrency,
                    pinged.failed(),
                    pinged.failed() == 0 ? "" : " (first: " + pinged.firstFailure() + ")");
            if (pingSeconds > period.toSeconds()) {
                System.out.println("  (pinging took longer than the period: the first deadlines fell while pinging)");
            }

            // Every monitor goes late one period after its ping; wait for the flips to be stored, a little
            // past the last one, and no longer than the grace (then they go down, which is not measured).
            Instant giveUp = Instant.now().plus(period).plus(grace.dividedBy(2));
            long late = waitForLate(vitals, db, monitors, giveUp);
            Thread.sleep(3_000);
            System.out.printf(
                    Locale.ROOT,
                    "went late         %d of %d stored as degraded, %.0f s after pinging began%n",
                    late,
                    monitors,
                    Duration.between(pingFrom, Instant.now()).toMillis() / 1000.0);
            // Read once, after the flips are stored: with 100,000 monitors the per-monitor series make the
            // page large, and a failure to render it must not lose the rows measured below.
            long m0 = System.nanoTime();
            try {
                metrics = vitals.text("/metrics");
            } catch (java.io.IOException | RuntimeException e) {
                metrics = "";
                System.out.println("/metrics failed: " + e);
                // What Vitals logged about it: the exception's lines, not the whole log.
                vitals.output()
                        .lines()
                        .filter(l -> l.contains("Exception") || l.contains("Error") || l.contains("/metrics"))
                        .limit(10)
                        .forEach(l -> System.out.println("  vitals: " + l));
            }
            metricsSeconds = (System.nanoTime() - m0) / 1e9;
            rssEnd = vitals.rssBytes();
            if (!vitals.alive()) {
                throw new IllegalStateException("Vitals died:\n" + vitals.output());
            }
            vitals.stop();
        }
        System.out.printf(
                Locale.ROOT,
                "memory            RSS %.0f MiB at the end, heap in use %s (limit %s); /metrics was %.1f MiB in %.1f s%n",
                rssEnd / 1048576.0,
                metrics.isEmpty()
                        ? "unknown"
                        : String.format(Locale.ROOT, "%.0f MiB", number(HEAP, metrics) / 1048576.0),
                heap,
                metrics.length() / 1048576.0,
                metricsSeconds);

        System.out.printf(Locale.ROOT, "%n### a) Vitals's own histogram, vitals_push_deadline_lag_seconds%n");
        fromMetrics(metrics);

        System.out.printf(Locale.ROOT, "%n### b) From the stored rows: flip to degraded minus (last ping + period)%n");
        boolean pass = fromRows(db, monitors, period);
        System.out.printf(Locale.ROOT, "%nload average      %s at the end%n", PingBench.loadAverage());
        System.out.println("\n(data of this run: " + dir + ")");
        if (!pass) {
            System.exit(1);
        }
    }

    private static Duration duration(String key, String text) {
        return Durations.parse(text)
                .orElseThrow(() -> new IllegalArgumentException(key + "=" + text + " is not a duration such as 1m"));
    }

    record Pinged(long ok, long failed, String firstFailure) {}

    /**
     * {@code GET /ping/{key}} for every key once, {@code concurrency} requests at a time. Each key is
     * pinged once, well inside its burst of 30.
     */
    private static Pinged pingEach(String base, List<UUID> keys, int concurrency) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        AtomicInteger next = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, String> first = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                for (int i = next.getAndIncrement(); i < keys.size(); i = next.getAndIncrement()) {
                    String why;
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/ping/" + keys.get(i)))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            continue;
                        }
                        why = "job-" + i + " answered " + r.statusCode() + " " + r.body();
                    } catch (java.io.IOException e) {
                        why = "job-" + i + ": " + e;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    failed.incrementAndGet();
                    first.putIfAbsent("first", why);
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        return new Pinged(ok.get(), failed.get(), first.getOrDefault("first", ""));
    }

    /**
     * Polls the stored flips to degraded (a count on the SQLite file, which WAL lets a reader do beside
     * Vitals) every 2 s until all monitors have one or {@code giveUp} passes. The flips are stored a
     * moment after the state changed, by the result writer, so this waits for the stored rows.
     */
    private static long waitForLate(VitalsRun vitals, Path db, int monitors, Instant giveUp) throws Exception {
        long late = 0;
        Instant lastReport = Instant.now();
        while (Instant.now().isBefore(giveUp)) {
            Thread.sleep(2_000);
            if (!vitals.alive()) {
                throw new IllegalStateException("Vitals died:\n" + vitals.output());
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM flips WHERE to_state = 'degraded'")) {
                late = rs.next() ? rs.getLong(1) : 0;
            }
            if (Duration.between(lastReport, Instant.now()).toSeconds() >= 10) {
                System.out.printf(Locale.ROOT, "  %s: %d of %d late%n", Instant.now(), late, monitors);
                lastReport = Instant.now();
            }
            if (late >= monitors) {
                break;
            }
        }
        return late;
    }

    /** Count, and the bucket that holds p50, p99 and the largest value, from the histogram's series. */
    private static void fromMetrics(String metrics) {
        List<double[]> buckets = new ArrayList<>();
        Matcher m = BUCKET.matcher(metrics);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.add(new double[] {le, Double.parseDouble(m.group(2))});
        }
        double count = number(COUNT, metrics);
        if (buckets.isEmpty() || count <= 0) {
            System.out.println("no deadline was handled (or the series is missing)");
            return;
        }
        System.out.printf(
                Locale.ROOT, "deadlines handled %.0f, mean lag %.1f ms%n", count, number(SUM, metrics) / count * 1000);
        for (double q : new double[] {0.5, 0.99, 1.0}) {
            double rank = Math.ceil(q * count);
            double below = 0;
            for (double[] b : buckets) {
                if (b[1] >= rank) {
                    System.out.printf(
                            Locale.ROOT,
                            "%-17s in the bucket (%s s, %s s]%n",
                            q == 1.0 ? "max" : "p" + Math.round(q * 100),
                            seconds(below),
                            seconds(b[0]));
                    break;
                }
                below = b[0];
            }
        }
    }

    private static String seconds(double s) {
        return Double.isInfinite(s) ? "+Inf" : new java.math.BigDecimal(Double.toString(s)).toPlainString();
    }

    private static double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /**
     * Per monitor, its deadline (its last stored ping plus the period) against the time of its first flip
     * to degraded after that ping. Prints p50/p99/max and the monitors that never flipped; true for a
     * pass.
     */
    private static boolean fromRows(Path db, int monitors, Duration period) throws SQLException {
        Map<String, Long> lastPing = new HashMap<>();
        Map<String, Long> flippedAt = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT monitor_id, max(at) FROM push_pings GROUP BY monitor_id")) {
                while (rs.next()) {
                    lastPing.put(rs.getString(1), rs.getLong(2));
                }
            }
            // The flip to degraded that the silence after the last ping made: the first one after it.
            try (ResultSet rs = s.executeQuery("""
                    SELECT m.id, min(f.at) FROM flips f
                      JOIN monitors m ON m.mid = f.mid
                      JOIN (SELECT monitor_id, max(at) AS pinged FROM push_pings GROUP BY monitor_id) p
                        ON p.monitor_id = m.id
                     WHERE f.to_state = 'degraded' AND f.at >= p.pinged
                     GROUP BY m.id""")) {
                while (rs.next()) {
                    flippedAt.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        long[] lags = new long[flippedAt.size()];
        int n = 0;
        int early = 0;
        for (Map.Entry<String, Long> e : flippedAt.entrySet()) {
            long deadline = lastPing.get(e.getKey()) + period.toMillis();
            lags[n++] = e.getValue() - deadline;
            if (e.getValue() < deadline) {
                early++;
            }
        }
        Arrays.sort(lags);
        long never = monitors - flippedAt.size();
        long maxLag = lags.length == 0 ? Long.MAX_VALUE : lags[lags.length - 1];
        System.out.printf(Locale.ROOT, "monitors pinged   %d of %d (stored pings)%n", lastPing.size(), monitors);
        System.out.printf(
                Locale.ROOT,
                "flipped late      %d; never flipped %d%s%n",
                flippedAt.size(),
                never,
                early == 0 ? "" : "; " + early + " flipped BEFORE their deadline");
        if (lags.length > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "lag               p50 %d ms, p99 %d ms, max %d ms (min %d ms)%n",
                    (long) Bench.pct(lags, 0.50),
                    (long) Bench.pct(lags, 0.99),
                    maxLag,
                    lags[0]);
        }
        boolean pass = never == 0 && early == 0 && maxLag <= LIMIT.toMillis();
        System.out.printf(
                Locale.ROOT,
                "%s              every monitor flipped and max lag <= %d ms: %s%n",
                pass ? "PASS" : "FAIL",
                LIMIT.toMillis(),
                pass ? "yes" : "no");
        return pass;
    }
}

package dev.vitals.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Runs the benchmarks of docs/BENCHMARKS.md against the real Vitals jar and local HTTP targets:
 *
 * <ol>
 *   <li>sustained: N http monitors at a fixed interval for a while; checks/s, lateness p50/p99/max
 *       (from the lateness stored with every result), heap and CPU of the Vitals process;
 *   <li>saturation: more checks due than the machine can make; Vitals's checks/s against a bare
 *       OkHttp loop making the same requests, in the same run, as a ratio;
 *   <li>disk: bytes per stored result and per day for 1,000 monitors, from SQLite's own page counts.
 * </ol>
 *
 * Arguments (all optional): {@code monitors=10000 interval=10 seconds=300 saturation-monitors=8000
 * saturation-seconds=60 heap=512m jar=app/target/vitals.jar}; {@code alerts} (or {@code alerts=1})
 * runs the alerting benchmark of {@link AlertBench} instead, {@code pings} the ping benchmark of
 * {@link PingBench}, {@code deadlines} the push deadline benchmark of {@link DeadlineBench}.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Path jar = Path.of(a.get("jar", "app/target/vitals.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            System.err.println("no Vitals jar at " + jar + "; build it first: scripts/mvn -B -q install -DskipTests");
            System.exit(2);
        }
        if (a.get("alerts", "0").equals("1")) {
            AlertBench.run(jar, a);
            return;
        }
        if (a.get("pings", "0").equals("1")) {
            PingBench.run(jar, a);
            return;
        }
        if (a.get("deadlines", "0").equals("1")) {
            DeadlineBench.run(jar, a);
            return;
        }
        int monitors = a.integer("monitors", 10_000);
        int interval = a.integer("interval", 10);
        int seconds = a.integer("seconds", 300);
        int satMonitors = a.integer("saturation-monitors", 8_000);
        int satSeconds = a.integer("saturation-seconds", 60);
        String heap = a.get("heap", "512m");
        Path work = Files.createTempDirectory("vitals-bench");
        System.out.printf(
                Locale.ROOT,
                "Vitals benchmark %s on %d cores, Java %s%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        try (Targets targets = new Targets(8)) {
            Path db = sustained(jar, work.resolve("sustained"), targets, monitors, interval, seconds, heap);
            disk(db);
            if (satMonitors > 0) {
                saturation(jar, work.resolve("saturation"), targets, satMonitors, satSeconds, heap);
            }
            System.out.println("\n(data of this run: " + work + ")");
        }
    }

    private static Path config(Path dir, Targets targets, int monitors, int interval) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder("monitors:\n");
        for (int i = 0; i < monitors; i++) {
            b.append("  - id: m")
                    .append(i)
                    .append("\n    kind: http\n    url: ")
                    .append(targets.url(i))
                    .append("\n    interval: ")
                    .append(interval)
                    .append("s\n    timeout: ")
                    .append(Math.min(interval, 5))
                    .append(interval > 1 ? "s\n    slow: 1s\n" : "s\n    slow: 500ms\n")
                    // Labels as an office has them: the console groups by service.
                    .append("    labels:\n      service: s")
                    .append(i % 100)
                    .append("\n      team: t")
                    .append(i % 10)
                    .append('\n');
        }
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, b);
        return config;
    }

    private static Path sustained(
            Path jar, Path dir, Targets targets, int monitors, int interval, int seconds, String heap)
            throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%n## Sustained: %d http monitors every %ds for %ds, heap limit %s%n",
                monitors,
                interval,
                seconds,
                heap);
        Path config = config(dir, targets, monitors, interval);
        Path data = dir.resolve("data");
        long maxHeap = 0;
        Instant from;
        Instant to;
        Duration cpu;
        try (VitalsRun vitals = new VitalsRun(jar, config, data, heap)) {
            // First checks are spread over one interval (at most 30 s); measure after that.
            Thread.sleep(Math.min(interval, 30) * 1000L + 5_000);
            from = Instant.now();
            Duration cpu0 = vitals.cpu();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(5_000);
                maxHeap = Math.max(maxHeap, vitals.heapUsed());
                if (!vitals.alive()) {
                    throw new IllegalStateException("Vitals died:\n" + vitals.output());
                }
            }
            to = Instant.now();
            cpu = vitals.cpu().minus(cpu0);
            console(vitals, monitors);
            vitals.stop();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vitals.db"))) {
            long[] late = longs(
                    c,
                    "SELECT lateness_us FROM results WHERE at >= ? AND at < ?",
                    from.toEpochMilli(),
                    to.toEpochMilli());
            long bad = count(
                    c,
                    "SELECT count(*) FROM results WHERE at >= ? AND at < ? AND outcome <> ?",
                    from.toEpochMilli(),
                    to.toEpochMilli(),
                    dev.vitals.checks.Outcome.UP.code());
            double window = Duration.between(from, to).toMillis() / 1000.0;
            Arrays.sort(late);
            System.out.printf(
                    Locale.ROOT,
                    "checks/s          %.0f (due: %.0f)%n",
                    late.length / window,
                    (double) monitors / interval);
            System.out.printf(Locale.ROOT, "results not up    %d%n", bad);
            System.out.printf(
                    Locale.ROOT,
                    "lateness          p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(late, 0.50) / 1000.0,
                    pct(late, 0.99) / 1000.0,
                    late.length == 0 ? 0 : late[late.length - 1] / 1000.0);
            System.out.printf(Locale.ROOT, "heap used (max)   %.0f MiB (limit %s)%n", maxHeap / 1048576.0, heap);
            System.out.printf(
                    Locale.ROOT,
                    "CPU               %.2f cores (%.1f s of CPU in %.0f s)%n",
                    cpu.toMillis() / 1000.0 / window,
                    cpu.toMillis() / 1000.0,
                    window);
        }
        return data.resolve("vitals.db");
    }

    /**
     * The console with every monitor checked and live: each page is fetched 100 times to warm up, then
     * 300 times measured, one after another, over loopback; the time is to the last byte.
     */
    private static void console(VitalsRun vitals, int monitors) throws IOException, InterruptedException {
        System.out.printf(
                Locale.ROOT, "%n## Console with %d monitors (300 requests each, after 100 to warm up)%n", monitors);
        System.out.printf(Locale.ROOT, "%-34s %8s %8s %8s %10s%n", "page", "p50 ms", "p95 ms", "max ms", "KB");
        String[] pages = {
            "/", "/?page=50", "/?q=m12", "/?state=down", "/?label=nothing%3Dhere", "/problems", "/monitors/m1?range=24h"
        };
        for (String page : pages) {
            for (int i = 0; i < 100; i++) {
                vitals.get(page);
            }
            long[] times = new long[300];
            int bytes = 0;
            for (int i = 0; i < times.length; i++) {
                VitalsRun.Fetch f = vitals.get(page);
                if (f.status() != 200) {
                    throw new IllegalStateException(page + " answered " + f.status());
                }
                times[i] = f.nanos();
                bytes = Math.max(bytes, f.bytes());
            }
            Arrays.sort(times);
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %8.1f %8.1f %8.1f %10.1f%n",
                    page,
                    pct(times, 0.50) / 1e6,
                    pct(times, 0.95) / 1e6,
                    times[times.length - 1] / 1e6,
                    bytes / 1024.0);
        }
    }

    private static void disk(Path db) throws SQLException, IOException {
        System.out.printf(Locale.ROOT, "%n## Disk (SQLite, from the sustained run)%n");
        // The run is shorter than the rollup lag; roll its minutes up now, as a running Vitals would.
        try (dev.vitals.store.Database store =
                dev.vitals.store.Database.open(java.util.Optional.empty(), db.getParent())) {
            new dev.vitals.results.Rollups(
                            store, java.time.InstantSource.fixed(Instant.now().plusSeconds(3600)))
                    .run();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            long results = count(c, "SELECT count(*) FROM results");
            long resultBytes = count(
                    c,
                    "SELECT sum(pgsize) FROM dbstat WHERE name IN ('results', 'results_by_monitor', 'results_by_time')");
            long rollupRows = count(c, "SELECT count(*) FROM rollups WHERE level = 1");
            long rollupBytes = count(c, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%rollup%'");
            long allRollups = count(c, "SELECT count(*) FROM rollups");
            double perResult = (double) resultBytes / Math.max(1, results);
            double perRollup = (double) rollupBytes / Math.max(1, allRollups);
            System.out.printf(
                    Locale.ROOT, "file size         %.1f MiB for %d results%n", Files.size(db) / 1048576.0, results);
            System.out.printf(Locale.ROOT, "per result        %.0f bytes (table and its indexes)%n", perResult);
            System.out.printf(
                    Locale.ROOT,
                    "per rollup row    %.0f bytes (%d minute rows, %d rows in all)%n",
                    perRollup,
                    rollupRows,
                    allRollups);
            for (int every : new int[] {60, 30, 10}) {
                double raw = 1000.0 * 86_400 / every * perResult;
                double rollups = 1000.0 * (1440 + 24 + 1) * perRollup;
                System.out.printf(
                        Locale.ROOT,
                        "1,000 monitors every %2ds: %.0f MiB a day of results + %.1f MiB of rollups; raw kept 7 days = %.1f GiB%n",
                        every,
                        raw / 1048576.0,
                        rollups / 1048576.0,
                        raw * 7 / 1073741824.0);
            }
        }
    }

    private static void saturation(Path jar, Path dir, Targets targets, int monitors, int seconds, String heap)
            throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%n## Saturation: %d http monitors every 1s (%d checks/s due) for %ds%n",
                monitors,
                monitors,
                seconds);
        Path config = config(dir, targets, monitors, 1);
        Path data = dir.resolve("data");
        Instant from;
        Instant to;
        Duration vitalsCpu;
        Duration targetsCpu;
        try (VitalsRun vitals = new VitalsRun(jar, config, data, heap)) {
            Thread.sleep(10_000);
            from = Instant.now();
            Duration v0 = vitals.cpu();
            Duration t0 = ownCpu();
            Thread.sleep(seconds * 1000L);
            to = Instant.now();
            vitalsCpu = vitals.cpu().minus(v0);
            targetsCpu = ownCpu().minus(t0);
            vitals.stop();
        }
        double window = Duration.between(from, to).toMillis() / 1000.0;
        System.out.printf(
                Locale.ROOT,
                "CPU while Vitals ran: Vitals %.2f cores, targets %.2f cores%n",
                vitalsCpu.toMillis() / 1000.0 / window,
                targetsCpu.toMillis() / 1000.0 / window);
        double vitalsRate;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vitals.db"))) {
            vitalsRate = count(
                            c,
                            "SELECT count(*) FROM results WHERE at >= ? AND at < ?",
                            from.toEpochMilli(),
                            to.toEpochMilli())
                    / (Duration.between(from, to).toMillis() / 1000.0);
        }
        double bare = 0;
        int bestConcurrency = 0;
        for (int concurrency : new int[] {32, 128, 512}) {
            Duration c0 = ownCpu();
            Duration length = Duration.ofSeconds(Math.max(10, seconds / 3));
            double r = BareLoop.run(targets, monitors, concurrency, length);
            System.out.printf(
                    Locale.ROOT,
                    "  (bare loop and targets used %.2f cores)%n",
                    ownCpu().minus(c0).toMillis() / 1000.0 / length.toSeconds());
            System.out.printf(Locale.ROOT, "bare OkHttp loop, %3d at once: %.0f requests/s%n", concurrency, r);
            if (r > bare) {
                bare = r;
                bestConcurrency = concurrency;
            }
        }
        System.out.printf(Locale.ROOT, "Vitals checks/s   %.0f%n", vitalsRate);
        System.out.printf(Locale.ROOT, "bare loop best    %.0f requests/s (%d at once)%n", bare, bestConcurrency);
        System.out.printf(Locale.ROOT, "ratio             %.0f%% of the bare loop%n", 100 * vitalsRate / bare);
    }

    /** CPU time of this process (the targets, and the bare loop when it runs). */
    static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long[] longs(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            long[] out = new long[1024];
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = rs.getLong(1);
                }
            }
            return Arrays.copyOf(out, n);
        }
    }

    /** {@code key=value} arguments. */
    record Args(java.util.Map<String, String> values) {
        static Args parse(String[] args) {
            java.util.Map<String, String> m = new java.util.HashMap<>();
            for (String a : args) {
                if (a.equals("alerts") || a.equals("pings") || a.equals("deadlines")) {
                    m.put(a, "1"); // bench/run alerts, bench/run pings, bench/run deadlines: that run alone
                    continue;
                }
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("arguments are key=value, not \"" + a + "\"");
                }
                m.put(a.substring(0, eq), a.substring(eq + 1));
            }
            return new Args(m);
        }

        String get(String key, String def) {
            return values.getOrDefault(key, def);
        }

        int integer(String key, int def) {
            return Integer.parseInt(get(key, Integer.toString(def)));
        }
    }
}

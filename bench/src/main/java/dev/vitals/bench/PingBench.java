package dev.vitals.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ping benchmark ({@code bench/run pings}): {@code wrk} on loopback sends {@code GET /ping/{key}}
 * to the real jar, each request to a key drawn at random among N push monitors, and the benchmark
 * reports wrk's requests/s and latency percentiles, then checks durability: every ping answered
 * {@code 200} must be in the SQLite file once Vitals has stopped.
 *
 * <p>Before measuring, a warm-up pings every key in turn: a monitor's first ping flips it to up (a
 * flip row, a state, the alert pipeline), which is start-up work, not the steady state the figure is
 * about; and the JIT compiles meanwhile.
 *
 * <p>The keys are many because one key is limited to a burst of 30 pings then 2 a second; with
 * 20,000 keys, 30 s at 10,000 pings/s is 15 pings a key on average, well inside the limit, so the
 * run measures storing pings and not refusing them.
 *
 * <p>Arguments (all optional): {@code ping-monitors=20000 connections=64 threads=2 seconds=30
 * warmup-seconds=30 heap=512m}.
 */
final class PingBench {
    /** What the wrk script prints at the end, in microseconds: no units to parse, no rounding. */
    private static final Pattern SUMMARY = Pattern.compile("BENCH requests=(\\d+) duration_us=(\\d+) status=(\\d+)"
            + " connect=(\\d+) read=(\\d+) write=(\\d+) timeout=(\\d+) p50=(\\d+) p90=(\\d+) p99=(\\d+) max=(\\d+)");

    private PingBench() {}

    /** One wrk run, as its script's {@code done} reports it; latencies in microseconds. */
    record Wrk(
            long requests,
            long durationUs,
            long statusErrors,
            long connectErrors,
            long readErrors,
            long writeErrors,
            long timeouts,
            long p50,
            long p90,
            long p99,
            long max,
            String output,
            Duration cpu) {
        /** Answers 200: wrk counts an answer of status 400 or more as a status error, and Vitals answers a
         * ping with 200 or an error (404, 429, 503), never a 3xx. */
        long ok() {
            return requests - statusErrors;
        }

        double perSecond() {
            return requests / (durationUs / 1e6);
        }

        static Wrk parse(String output, Duration cpu) {
            Matcher m = SUMMARY.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("wrk printed no summary:\n" + output);
            }
            long[] v = new long[11];
            for (int i = 0; i < v.length; i++) {
                v[i] = Long.parseLong(m.group(i + 1));
            }
            return new Wrk(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], output, cpu);
        }
    }

    static void run(Path jar, Bench.Args a) throws Exception {
        int monitors = a.integer("ping-monitors", 20_000);
        int connections = a.integer("connections", 64);
        int threads = a.integer("threads", 2);
        int seconds = a.integer("seconds", 30);
        int warmup = a.integer("warmup-seconds", 30);
        String heap = a.get("heap", "512m");
        Path dir = Files.createTempDirectory("vitals-ping-bench");
        System.out.printf(
                Locale.ROOT,
                "Vitals ping benchmark %s on %d cores, Java %s, %s%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                wrkVersion());
        System.out.printf(
                Locale.ROOT,
                "%n## Pings: %d push monitors, wrk -t%d -c%d -d%ds (after %d s of warm-up), heap limit %s%n",
                monitors,
                threads,
                connections,
                seconds,
                warmup,
                heap);
        List<UUID> keys = keys(monitors);
        Path config = config(dir, keys, "1h", "5m");
        Path script = script(dir, keys);
        Path data = dir.resolve("data");
        Path db = data.resolve("vitals.db");
        Wrk measured;
        long before;
        Duration cpu;
        long machineTicks;
        String load0;
        double window;
        try (VitalsRun vitals = new VitalsRun(jar, config, data, heap)) {
            if (warmup > 0) {
                Wrk w = wrk(vitals.base(), script, threads, connections, warmup, true);
                System.out.printf(
                        Locale.ROOT,
                        "warm-up           %.0f requests/s, p99 %.1f ms, %d not 200%n",
                        w.perSecond(),
                        w.p99() / 1000.0,
                        w.statusErrors());
            }
            // The warm-up's first pings flip every monitor to up, and the flips go on through the result
            // writer and the alert pipeline after the last answer: wait until Vitals is idle.
            settle(vitals);
            before = storedPings(db);
            long pinged = pingedMonitors(db);
            System.out.printf(
                    Locale.ROOT,
                    "warmed up         %d of %d monitors have had their first ping%s%n",
                    pinged,
                    monitors,
                    pinged < monitors ? " (the others flip to up while measured: give more warmup-seconds)" : "");
            Duration cpu0 = vitals.cpu();
            long machine0 = machineBusyTicks();
            load0 = loadAverage();
            long t0 = System.nanoTime();
            measured = wrk(vitals.base(), script, threads, connections, seconds, false);
            window = (System.nanoTime() - t0) / 1e9;
            cpu = vitals.cpu().minus(cpu0);
            machineTicks = machineBusyTicks() - machine0;
            if (!vitals.alive()) {
                throw new IllegalStateException("Vitals died:\n" + vitals.output());
            }
            // SIGTERM: the group commit stores what waits before Vitals exits.
            vitals.stop();
        }
        long stored = storedPings(db) - before;
        System.out.println();
        System.out.print(measured.output().replaceAll("(?m)^BENCH .*\\R?", ""));
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "pings/s           %.0f (%d requests in %.1f s)%n",
                measured.perSecond(),
                measured.requests(),
                measured.durationUs() / 1e6);
        System.out.printf(
                Locale.ROOT,
                "latency           p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms%n",
                measured.p50() / 1000.0,
                measured.p90() / 1000.0,
                measured.p99() / 1000.0,
                measured.max() / 1000.0);
        System.out.printf(
                Locale.ROOT,
                "errors            %d not 200; sockets: connect %d, read %d, write %d, timeout %d%n",
                measured.statusErrors(),
                measured.connectErrors(),
                measured.readErrors(),
                measured.writeErrors(),
                measured.timeouts());
        String verdict = durability(measured, stored, connections);
        System.out.printf(
                Locale.ROOT, "stored vs 200     %d stored, %d answered 200: %s%n", stored, measured.ok(), verdict);
        System.out.printf(
                Locale.ROOT,
                "CPU               Vitals %.2f cores, wrk %.2f cores, the whole machine %.2f cores%n",
                cpu.toMillis() / 1000.0 / window,
                measured.cpu().toMillis() / 1000.0 / window,
                machineTicks / 100.0 / window);
        System.out.printf(
                Locale.ROOT,
                "CPU per ping      Vitals %.0f µs, wrk %.0f µs%n",
                cpu.toNanos() / 1000.0 / measured.requests(),
                measured.cpu().toNanos() / 1000.0 / measured.requests());
        System.out.printf(Locale.ROOT, "load average      %s before, %s after%n", load0, loadAverage());
        System.out.println("\n(data of this run: " + dir + ")");
        if (verdict.startsWith("BROKEN")) {
            System.exit(1);
        }
    }

    /**
     * Whether every ping answered 200 was stored. More may be stored than wrk saw answered: the
     * requests in flight when wrk stops (at most one a connection) are stored and answered to nobody,
     * and so may be pings answered 503 after waiting too long for the store. More than that would
     * mean pings stored twice.
     */
    static String durability(Wrk w, long stored, int connections) {
        long extra = stored - w.ok();
        if (extra < 0) {
            return "BROKEN: " + -extra + " pings answered 200 are not stored";
        }
        if (extra > connections + w.statusErrors()) {
            return "BROKEN: " + extra + " more stored than answered 200, more than were in flight";
        }
        return extra == 0
                ? "equal"
                : "none missing; " + extra + " more stored than seen answered (in flight when wrk stopped)";
    }

    /** Fixed keys, the same in every run, so that a run can be repeated by hand with the same script. */
    static List<UUID> keys(int monitors) {
        List<UUID> keys = new ArrayList<>(monitors);
        for (int i = 0; i < monitors; i++) {
            keys.add(UUID.nameUUIDFromBytes(("vitals-bench-ping-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return keys;
    }

    /**
     * {@code vitals.yaml} with one push monitor a key, {@code job-N} for {@code keys[N]}; {@code period}
     * and {@code grace} in the configuration's syntax ({@code 1h}, {@code 5m}).
     */
    static Path config(Path dir, List<UUID> keys, String period, String grace) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder("monitors:\n");
        for (int i = 0; i < keys.size(); i++) {
            b.append("  - { id: job-")
                    .append(i)
                    .append(", kind: push, key: ")
                    .append(keys.get(i))
                    .append(", period: ")
                    .append(period)
                    .append(", grace: ")
                    .append(grace)
                    .append(" }\n");
        }
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, b);
        return config;
    }

    /**
     * The wrk script: reads the keys from a file beside it (a table constructor of 20,000 strings
     * would meet LuaJIT's limits on constants), draws one at random per request, seeded apart in each
     * wrk thread, and prints its own summary in microseconds.
     */
    private static Path script(Path dir, List<UUID> keys) throws IOException {
        Path list = dir.resolve("keys.txt");
        StringBuilder k = new StringBuilder();
        keys.forEach(u -> k.append(u).append('\n'));
        Files.writeString(list, k);
        String lua = """
                -- Written by dev.vitals.bench.PingBench (bench/run pings): one ping a request, to a key
                -- drawn at random from keys.txt; with the arguments "sweep THREADS", to every key in turn
                -- instead (the warm-up, so that each monitor has had its first ping before measuring).
                local keys = {}
                for line in io.lines("%s") do keys[#keys + 1] = line end
                local n = 0
                function setup(thread)
                  n = n + 1
                  thread:set("seed", n)
                end
                local sweep = false
                local i = 0
                local step = 1
                function init(args)
                  math.randomseed(seed * 7919 + os.time())
                  if args[1] == "sweep" then
                    sweep = true
                    step = tonumber(args[2])
                    i = seed - 1
                  end
                end
                function request()
                  local key
                  if sweep then
                    key = keys[i %% #keys + 1]
                    i = i + step
                  else
                    key = keys[math.random(#keys)]
                  end
                  return wrk.format("GET", "/ping/" .. key)
                end
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("BENCH requests=%%d duration_us=%%d status=%%d connect=%%d read=%%d"
                    .. " write=%%d timeout=%%d p50=%%.0f p90=%%.0f p99=%%.0f max=%%.0f\\n",
                    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
                    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
                end
                """.formatted(list.toAbsolutePath());
        Path script = dir.resolve("pings.lua");
        Files.writeString(script, lua);
        return script;
    }

    private static Wrk wrk(String base, Path script, int threads, int connections, int seconds, boolean sweep)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-s",
                script.toString(),
                base + "/"));
        if (sweep) {
            command.addAll(List.of("--", "sweep", Integer.toString(threads)));
        }
        System.out.println("$ " + String.join(" ", command));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        java.util.concurrent.CompletableFuture<String> read = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                read.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        });
        // wrk's own CPU, read from /proc while it runs: once it has exited, its figures are gone.
        Duration cpu = Duration.ZERO;
        while (p.isAlive()) {
            cpu = cpuOf(p.pid()).orElse(cpu);
            Thread.sleep(100);
        }
        String out;
        try {
            out = read.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not read wrk's output", e);
        }
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        return Wrk.parse(out, cpu);
    }

    private static String wrkVersion() {
        try {
            Process p = new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("wrk").replaceFirst(" Copyright.*", "");
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: apt-get install wrk (bench/run pings does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "wrk";
        }
    }

    /** Pings in the database (read beside a running Vitals: WAL lets a reader in). */
    private static long storedPings(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM push_pings")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** User + system time of a process so far, from /proc; empty once it has gone. */
    static java.util.Optional<Duration> cpuOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.Optional.of(Duration.ofMillis((Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Waits until Vitals uses under a tenth of a core for two seconds in a row (at most a minute). */
    private static void settle(VitalsRun vitals) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        int quiet = 0;
        Duration last = vitals.cpu();
        while (quiet < 2 && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(1)) {
            Thread.sleep(1_000);
            Duration now = vitals.cpu();
            quiet = now.minus(last).toMillis() < 100 ? quiet + 1 : 0;
            last = now;
        }
        System.out.printf(Locale.ROOT, "settled           in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** The machine's 1-minute load average: how many tasks wanted the two cores. */
    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    /** Monitors with at least one stored ping. */
    private static long pingedMonitors(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(DISTINCT monitor_id) FROM push_pings")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** CPU time the whole machine has been busy so far, in clock ticks (USER_HZ), from /proc/stat. */
    private static long machineBusyTicks() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] f = cpu.trim().split("\\s+");
        Map<String, Long> t = new HashMap<>();
        String[] names = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
        for (int i = 0; i < names.length && i + 1 < f.length; i++) {
            t.put(names[i], Long.parseLong(f[i + 1]));
        }
        return t.get("user")
                + t.get("nice")
                + t.get("system")
                + t.get("irq")
                + t.get("softirq")
                + t.getOrDefault("steal", 0L);
    }
}

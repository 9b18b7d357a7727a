package dev.vitals.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real Vitals jar in its own process, with a fixed heap limit, sampled while it runs. */
final class VitalsRun implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("Vitals is running: http://[^:]+:(\\d+)/");
    /** The benchmark reads /metrics as the bootstrap admin: every route but /health needs a token. */
    private static final String TOKEN = "bench-bootstrap-token-" + java.util.UUID.randomUUID();

    private static final Pattern HEAP = Pattern.compile("(?m)^vitals_jvm_heap_used_bytes (\\S+)$");
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    VitalsRun(Path jar, Path config, Path data, String heap) throws IOException, InterruptedException {
        this(jar, config, data, heap, java.util.Map.of());
    }

    /** @param env extra environment for Vitals, such as the tokens its configuration reads as ${NAME} */
    VitalsRun(Path jar, Path config, Path data, String heap, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        this(jar, config, data, heap, env, Duration.ofSeconds(120));
    }

    /**
     * @param startLimit how long Vitals may take to start: reading 100,000 monitors and writing them
     *     to a fresh database takes longer than the two minutes enough for the other benchmarks
     */
    VitalsRun(Path jar, Path config, Path data, String heap, java.util.Map<String, String> env, Duration startLimit)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx" + heap));
        // Extra JVM options for profiling a run, such as -XX:StartFlightRecording=...
        String extra = System.getenv().getOrDefault("VITALS_BENCH_JVM_OPTS", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "serve",
                "--config",
                config.toString(),
                "--data",
                data.toString(),
                "--listen",
                "127.0.0.1:0"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("VITALS_BOOTSTRAP_TOKEN", TOKEN);
        pb.environment().putAll(env);
        process = pb.start();
        Thread.ofPlatform().daemon(true).start(() -> pump(process.getInputStream()));
        long end = System.nanoTime() + startLimit.toNanos();
        while (true) {
            Matcher m = RUNNING.matcher(output);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                break;
            }
            if (!process.isAlive() || System.nanoTime() > end) {
                process.destroyForcibly();
                throw new IllegalStateException("Vitals did not start:\n" + output);
            }
            Thread.sleep(100);
        }
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // ended
        }
    }

    /** CPU time the process has used so far (user + system), from /proc. */
    Duration cpu() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS);
    }

    /** Resident set size of the process now, from /proc; -1 when it cannot be read. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no /proc
        }
        return -1;
    }

    /** Heap in use now, from Vitals's own metrics. */
    long heapUsed() throws IOException, InterruptedException {
        String text = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = HEAP.matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    /** One page as the bootstrap admin: its status, size in bytes and time to the last byte. */
    record Fetch(int status, int bytes, long nanos) {}

    Fetch get(String path) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Fetch(r.statusCode(), r.body().length, System.nanoTime() - t0);
    }

    /** The body of a GET as the bootstrap admin; anything but 200 is an error. */
    String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Where Vitals listens, as {@code http://127.0.0.1:PORT}. */
    String base() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        return output.toString();
    }

    /** SIGTERM, so that buffered results are written before the numbers are read. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}

package dev.vitals.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Vitals jar in its own process, as a user runs it: for end-to-end tests. The jar comes from
 * the {@code vitals.jar} system property (set by the build for {@code *IT} tests); the JVM is the one
 * running the tests, so a JDK 21+ selected for the build runs Vitals too.
 */
public final class VitalsProcess implements AutoCloseable {
    /** The admin token every Vitals started by tests accepts (VITALS_BOOTSTRAP_TOKEN). */
    public static final String BOOTSTRAP_TOKEN = "test-bootstrap-token-0123456789abcdef";

    private static final Pattern RUNNING = Pattern.compile("Vitals is running: (https?)://([^:/]+|\\[[^]]+]):(\\d+)/");
    private static final Pattern DEMO_RUNNING =
            Pattern.compile("Vitals demo: open (https?)://([^:/]+|\\[[^]]+]):(\\d+)/");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;
    private final String scheme;

    private VitalsProcess(Process process, Duration startTimeout, Pattern running)
            throws IOException, InterruptedException {
        this.process = process;
        Thread.ofPlatform().daemon(true).start(() -> pump(process.getInputStream()));
        Thread.ofPlatform().daemon(true).start(() -> pump(process.getErrorStream()));
        long end = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            Matcher m = running.matcher(output);
            if (m.find()) {
                scheme = m.group(1);
                port = Integer.parseInt(m.group(3));
                return;
            }
            if (!process.isAlive()) {
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "Vitals exited with " + process.exitValue() + " before it was running:\n" + output);
            }
            if (System.nanoTime() > end) {
                process.destroyForcibly();
                throw new IllegalStateException("Vitals did not start within " + startTimeout + ":\n" + output);
            }
            Thread.sleep(50);
        }
    }

    /** Starts {@code vitals serve} on a free loopback port with these extra arguments. */
    public static VitalsProcess serve(Path config, Path dataDir, String... extra) {
        return start(builder(serving(config, dataDir, extra)), RUNNING);
    }

    private static List<String> serving(Path config, Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "serve", "--config", config.toString(), "--data", dataDir.toString(), "--listen", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        return args;
    }

    /**
     * Starts {@code vitals serve} as {@link #serve} does, but under {@code nohup}, as an operator may
     * start it by hand: the process ignores SIGHUP from its start.
     */
    public static VitalsProcess serveUnderNohup(Path config, Path dataDir) {
        ProcessBuilder pb = builder(serving(config, dataDir));
        List<String> command = new ArrayList<>(List.of("nohup"));
        command.addAll(pb.command());
        pb.command(command);
        return start(pb, RUNNING);
    }

    /** Starts {@code vitals serve} with no flags at all: everything from these environment variables. */
    public static VitalsProcess serveFromEnvironment(java.util.Map<String, String> env) {
        ProcessBuilder pb = builder(List.of("serve"));
        pb.environment().putAll(env);
        return start(pb, RUNNING);
    }

    /** Starts {@code vitals demo} with these arguments and environment variables; running once it prints its address. */
    public static VitalsProcess demo(java.util.Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("demo"));
        all.addAll(List.of(args));
        ProcessBuilder pb = builder(all);
        pb.environment().putAll(env);
        return start(pb, DEMO_RUNNING);
    }

    /** The outcome of a command that runs to its end. */
    public record Run(int exitCode, String stdout, String stderr) {}

    /** Runs a command of the jar to its end, such as {@code validate FILE}. */
    public static Run run(String... args) {
        return runWithEnvironment(java.util.Map.of(), args);
    }

    /** Runs a command of the jar to its end with these environment variables set (or replaced). */
    public static Run runWithEnvironment(java.util.Map<String, String> env, String... args) {
        try {
            ProcessBuilder pb = builder(List.of(args));
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] streams = new byte[2][];
            Thread a = Thread.ofPlatform().start(() -> streams[0] = readAll(p.getInputStream()));
            Thread b = Thread.ofPlatform().start(() -> streams[1] = readAll(p.getErrorStream()));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("vitals " + String.join(" ", args) + " did not finish in 60s");
            }
            a.join();
            b.join();
            return new Run(
                    p.exitValue(),
                    new String(streams[0], StandardCharsets.UTF_8),
                    new String(streams[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Vitals", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Starts {@code pb}'s process; running once it prints a line that {@code running} finds. */
    private static VitalsProcess start(ProcessBuilder pb, Pattern running) {
        try {
            return new VitalsProcess(pb.start(), Duration.ofSeconds(60), running);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Vitals: " + String.join(" ", pb.command()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder builder(List<String> args) {
        String jar = System.getProperty("vitals.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("no Vitals jar at the vitals.jar system property (" + jar
                    + "); run end-to-end tests through the build: ./run-tests");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("VITALS_CONFIG");
        pb.environment().remove("VITALS_DATA");
        pb.environment().remove("VITALS_LISTEN");
        pb.environment().remove("VITALS_DB");
        pb.environment().remove("VITALS_TLS_CERT");
        pb.environment().remove("VITALS_TLS_KEY");
        // Tests act as the automation that sets up a fresh instance; ApiClient sends this by default.
        pb.environment().put("VITALS_BOOTSTRAP_TOKEN", BOOTSTRAP_TOKEN);
        return pb;
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}, or {@code https://} when Vitals serves TLS. */
    public String baseUrl() {
        return scheme + "://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything Vitals printed so far, standard output and error together. */
    public String output() {
        return output.toString();
    }

    /** Sends a signal by name, such as {@code HUP}. */
    public void signal(String name) {
        try {
            int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -" + name + " failed with " + rc);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: a clean stop. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Vitals did not stop within 30s after SIGTERM:\n" + output);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

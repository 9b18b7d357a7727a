package dev.vitals.demo;

import dev.vitals.App;
import dev.vitals.checks.Checkers;
import dev.vitals.checks.StandardCheckers;
import dev.vitals.config.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo assembled: the simulated office, its configuration, Vitals in demo mode watching it, and
 * the script moving it and the nightly backup job pinging it. Closed in reverse: Vitals stops before the office, so that the checks still
 * running at the stop find the office there and no false failure is recorded at every stop.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final long TICK_MILLIS = 250;

    /** Where the demo listens and keeps its data, and how fast its script runs (1 = real time). */
    public record Settings(String host, int port, Path dataDir, double speed) {}

    private final Deque<AutoCloseable> stops = new ArrayDeque<>();
    private App app;

    private Demo(Settings settings, InstantSource clock) {
        try {
            assemble(settings, clock);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void assemble(Settings settings, InstantSource clock) {
        Office office = Office.start();
        stops.push(office);
        Path config = DemoConfig.write(settings.dataDir(), office, settings.speed());
        Checkers checkers = StandardCheckers.create(clock);
        stops.push(checkers);
        app = App.start(
                new App.Options(config, settings.dataDir(), settings.host(), settings.port(), Optional.empty())
                        .withDemo(true),
                clock,
                Environment.system(),
                checkers);
        stops.push(app);
        // The script starts with Vitals, so that its quiet first minute is the monitors' first minute.
        Script script = Script.office(clock, settings.speed());
        ScheduledExecutorService director = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("vitals-demo-script").daemon(true).unstarted(r));
        director.scheduleAtFixedRate(
                () -> {
                    try {
                        script.tick(office::set);
                    } catch (RuntimeException e) {
                        // A thrown task would never run again: log it and go on at the next tick.
                        LOG.warn("demo script: {}", e.getMessage());
                    }
                },
                0,
                TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        stops.push(director::shutdownNow);
        // The backup job pings Vitals on the script's clock, on a thread of its own: a ping waits for
        // its answer (up to a few seconds when the database is busy), and the office must not wait.
        BackupJob backup = new BackupJob(script, clock.instant().toString());
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        BackupJob.Sender sender = BackupJob.http(selfUrl(settings.host(), app.port()), http);
        ScheduledExecutorService job = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("vitals-demo-backup").daemon(true).unstarted(r));
        job.scheduleAtFixedRate(
                () -> {
                    try {
                        backup.tick(sender);
                    } catch (RuntimeException e) {
                        LOG.warn("demo backup: {}", e.getMessage());
                    }
                },
                0,
                TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        stops.push(() -> {
            job.shutdownNow();
            http.close();
        });
    }

    /** Where the demo reaches its own Vitals: loopback when it listens on every address. */
    static URI selfUrl(String host, int port) {
        String h = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
    }

    /**
     * Starts the demo; throws what {@link App#start} throws, and {@link DemoException} when the office
     * or its configuration cannot be made. Nothing stays running when it throws.
     */
    public static Demo start(Settings settings, InstantSource clock) {
        return new Demo(settings, clock);
    }

    /** The port Vitals serves on. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        while (!stops.isEmpty()) {
            try {
                stops.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping the demo: {}", e.getMessage());
            }
        }
    }
}

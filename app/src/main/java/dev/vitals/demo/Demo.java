package dev.vitals.demo;

import dev.vitals.App;
import dev.vitals.checks.Checkers;
import dev.vitals.checks.StandardCheckers;
import dev.vitals.config.Environment;
import java.nio.file.Path;
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
 * the script moving it. Closed in reverse: Vitals stops before the office, so that the checks still
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

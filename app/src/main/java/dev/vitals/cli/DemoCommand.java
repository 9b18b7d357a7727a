package dev.vitals.cli;

import dev.vitals.config.ConfigException;
import dev.vitals.config.Problem;
import dev.vitals.demo.Demo;
import dev.vitals.demo.DemoException;
import dev.vitals.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vitals demo}: Vitals watching a simulated office that it starts itself, with the visitor
 * signed in as the demo user. One command, offline, no configuration; runs until stopped.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        description = {
            "Try Vitals: it watches a small simulated office, whose services slow down, fail and recover on a"
                    + " script, and signs every visitor in as a demo user.",
            "Env VITALS_DEMO_SPEED runs the script faster (default 1, real time)."
        })
final class DemoCommand implements Callable<Integer> {
    static final String SPEED_VARIABLE = "VITALS_DEMO_SPEED";
    private static final double FASTEST = 100;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:8080",
            description = "Address of the console and API (default 127.0.0.1:8080; port 0 picks a free one).")
    String listen;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Keep the demo's database in this folder, to continue where the last run stopped"
                    + " (default: a temporary folder, removed at exit).")
    Path data;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<ServeCommand.Listen> address = ServeCommand.Listen.parse(listen);
        if (address.isEmpty()) {
            err.println("vitals demo: --listen must be HOST:PORT, such as 127.0.0.1:8080 or 127.0.0.1:0, not \""
                    + listen + "\"");
            return ExitCodes.INVALID;
        }
        Optional<Double> speed = speed(System.getenv(SPEED_VARIABLE));
        if (speed.isEmpty()) {
            err.println("vitals demo: " + SPEED_VARIABLE + " must be a number above 0 and at most "
                    + (int) FASTEST + " (1 is real time, 10 ten times as fast), not \""
                    + System.getenv(SPEED_VARIABLE) + "\"");
            return ExitCodes.INVALID;
        }
        Path dir;
        boolean temporary = data == null;
        try {
            dir = temporary ? Files.createTempDirectory("vitals-demo-") : data;
        } catch (IOException e) {
            err.println("vitals demo: cannot make a temporary folder for the demo's data: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        String host = address.get().host();
        Demo demo;
        try {
            demo = Demo.start(new Demo.Settings(host, address.get().port(), dir, speed.get()), InstantSource.system());
        } catch (ConfigException e) {
            // The demo writes its own configuration: a problem here is a bug, said as such.
            for (Problem p : e.problems()) {
                err.println(p);
            }
            return failed(err, "the demo's own configuration has problems; please report this", temporary, dir);
        } catch (StoreException | DemoException e) {
            return failed(err, e.getMessage(), temporary, dir);
        } catch (RuntimeException e) {
            return failed(
                    err,
                    inUse(e)
                            ? listen
                                    + " is in use; stop what uses it, or choose another address with --listen HOST:PORT"
                                    + " (port 0 picks a free one)"
                            : "cannot start: " + e.getMessage(),
                    temporary,
                    dir);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            demo.close();
                            if (temporary) {
                                delete(dir);
                            }
                            stopped.countDown();
                        },
                        "vitals-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Vitals demo: open http://%s:%d/%n", browsable(host), demo.port());
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** The speed of the script from the environment: 1 when not set. */
    static Optional<Double> speed(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(1.0);
        }
        try {
            double s = Double.parseDouble(text.strip());
            return s > 0 && s <= FASTEST ? Optional.of(s) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The host to print in the address to open: a browser cannot open 0.0.0.0, and IPv6 needs brackets. */
    static String browsable(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || t.getClass().getSimpleName().contains("BindException")) {
                return true;
            }
        }
        return false;
    }

    private static int failed(PrintWriter err, String why, boolean temporary, Path dir) {
        err.println("vitals demo: " + why);
        if (temporary) {
            delete(dir);
        }
        return ExitCodes.FAILED;
    }

    /** Removes the temporary folder and all in it; what cannot be removed stays (it is in the temp folder). */
    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // left for the system's clean-up of its temporary folder
                }
            });
        } catch (IOException e) {
            // the same
        }
    }
}

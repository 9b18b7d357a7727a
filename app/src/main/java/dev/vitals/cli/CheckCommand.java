package dev.vitals.cli;

import dev.vitals.api.Json;
import dev.vitals.api.Views;
import dev.vitals.checks.CheckResult;
import dev.vitals.checks.CheckRunner;
import dev.vitals.checks.Checkers;
import dev.vitals.checks.Phase;
import dev.vitals.checks.StandardCheckers;
import dev.vitals.config.ConfigException;
import dev.vitals.config.Durations;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.config.Suggestions;
import dev.vitals.configfile.ConfigFile;
import dev.vitals.configfile.ConfigFileReader;
import dev.vitals.monitors.Monitor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vitals check FILE MONITOR_ID}: runs one check now and prints the result with its phase
 * timings. Exit 0 when up, 3 when the result is bad or unknown, 2 for a bad file or unknown id.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        description = "Run one check of a monitor now and print the result with where the time went.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The configuration file.")
    Path file;

    @Parameters(index = "1", paramLabel = "MONITOR_ID", description = "The id of the monitor to check.")
    String id;

    @Option(names = "--json", description = "Print the result as JSON, as the API gives it.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigFile config;
        try {
            config = new ConfigFileReader(Environment.system()).read(file);
        } catch (ConfigException e) {
            e.problems().stream().map(Problem::toString).forEach(err::println);
            return ExitCodes.INVALID;
        }
        Optional<Monitor> monitor =
                config.monitors().stream().filter(m -> m.id().equals(id)).findFirst();
        if (monitor.isEmpty()) {
            String hint = Suggestions.nearest(
                            id, config.monitors().stream().map(Monitor::id).toList())
                    .map(s -> "; did you mean \"" + s + "\"?")
                    .orElse("");
            err.println(file + ": no monitor with id \"" + id + "\"" + hint);
            return ExitCodes.INVALID;
        }
        Monitor m = monitor.get();
        InstantSource clock = InstantSource.system();
        CheckResult r;
        try (Checkers checkers = StandardCheckers.create(clock)) {
            r = new CheckRunner(clock, checkers).run(m, Duration.ZERO);
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("monitor", m.id());
            body.putAll(Views.result(r));
            out.println(Json.write(body));
        } else {
            print(out, m, r);
        }
        out.flush();
        return r.outcome().isGood() ? ExitCodes.OK : ExitCodes.BAD_RESULT;
    }

    private static void print(PrintWriter out, Monitor m, CheckResult r) {
        out.printf(
                "%s (%s %s): %s in %s%n",
                m.id(), m.kind(), m.target().describe(), r.outcome().word(), Durations.human(r.latency()));
        r.reason().ifPresent(reason -> out.printf("  reason      %s%n", reason));
        for (Phase p : Phase.values()) {
            String name = p.key().replace('_', ' ');
            out.printf(
                    "  %-11s %s%n",
                    name, r.timings().get(p).map(CheckCommand::ms).orElse("-"));
        }
        r.certificateExpiry().ifPresent(t -> out.printf("  certificate expires %s%n", t));
    }

    private static String ms(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}

package dev.vitals.cli;

import dev.vitals.Version;
import dev.vitals.config.Sizes;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vitals run --ping URL -- COMMAND ARGS...}: wraps a cron job so that its push monitor hears
 * of every run: a ping when it starts, then its exit status with the end of its output as the log.
 * It exits with the command's own status, so cron, systemd and scripts see what they saw before.
 *
 * <p>Reporting never costs the job: a ping that cannot get through is tried a few times within a
 * short budget, then given up with one warning line on stderr, and the job runs anyway. SIGTERM and
 * SIGINT are forwarded to the command instead of ending {@code vitals run}, so that a stopped job
 * is still reported, with the status it ended with.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VitalsCommand.VersionProvider.class,
        modelTransformer = RunCommand.CommandFirst.class,
        description = "Run a command (a cron job, a backup) and report its start, its exit status and the end of"
                + " its output to a push monitor's ping URL. Exits with the command's status.",
        footer = {"", "In a crontab:", "  0 3 * * * vitals run --ping https://vitals.example/ping/UUID -- /opt/backup"})
final class RunCommand implements Callable<Integer> {
    /** The most a server keeps of a ping's body; more would be cut there anyway. */
    static final long MAX_LOG_TAIL = 100 * 1024;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--ping",
            required = true,
            paramLabel = "URL",
            description = "The push monitor's ping URL, such as https://vitals.example/ping/UUID.")
    String ping;

    @Option(
            names = "--log-tail",
            paramLabel = "SIZE",
            defaultValue = "10KB",
            description = "How much of the end of the output to send as the run's log, such as 4096 or"
                    + " 100KB (default 10KB, at most 100KB).")
    String logTail;

    @Parameters(
            arity = "1..*",
            paramLabel = "COMMAND",
            description = "The command and its arguments, run directly (not through a shell); put -- before it.")
    List<String> command = new ArrayList<>();

    /** How hard each ping tries; tests shorten it. */
    Pinger.Patience patience = Pinger.Patience.standard();

    /** How long a command has to end after SIGTERM or SIGINT is forwarded, before it is killed. */
    Duration stopGrace = Duration.ofSeconds(5);

    /** Where the command's output goes through to: our own stdout and stderr, unbuffered. */
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);

    OutputStream stderr = new FileOutputStream(FileDescriptor.err);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<PingUrl> url = PingUrl.parse(ping);
        if (url.isEmpty()) {
            err.println("vitals run: --ping must be an http:// or https:// URL, such as"
                    + " https://vitals.example/ping/UUID, not \"" + ping + "\"");
            err.flush();
            return ExitCodes.INVALID;
        }
        Optional<Long> size = Sizes.parse(logTail);
        if (size.isEmpty() || size.get() > MAX_LOG_TAIL) {
            err.println("vitals run: --log-tail must be a size from 0 to 100KB, such as 4096 or 10KB, not \"" + logTail
                    + "\"" + (size.isPresent() ? " (the server keeps no more than 100KB)" : ""));
            err.flush();
            return ExitCodes.INVALID;
        }
        PingUrl target = url.get();
        String rid = UUID.randomUUID().toString();
        OutputTail tail = new OutputTail(size.get().intValue());
        CommandRun run = new CommandRun(command, tail, stdout, stderr, stopGrace);
        try (StopSignals signals = StopSignals.forwardTo(run);
                Pinger pinger = new Pinger(patience, "vitals-run/" + Version.current())) {
            warnIfNotDelivered(err, pinger.get(target.start(rid)), "the start", target, "; the job runs anyway");
            CommandRun.Ended ended = run.run();
            String log = switch (ended) {
                case CommandRun.Exited x -> tail.text();
                case CommandRun.NotStarted n -> {
                    err.println("vitals run: " + n.reason());
                    err.flush();
                    yield n.reason();
                }
            };
            int status = ended.status();
            warnIfNotDelivered(
                    err, pinger.post(target.exitStatus(status, rid), log), "exit status " + status, target, "");
            return status;
        }
    }

    private static void warnIfNotDelivered(
            PrintWriter err, Pinger.Outcome outcome, String what, PingUrl url, String consequence) {
        Optional<String> why = switch (outcome) {
            case Pinger.Delivered d -> Optional.empty();
            case Pinger.Refused r -> Optional.of(r.why());
            case Pinger.Unreachable u -> Optional.of(u.why());
        };
        why.ifPresent(w -> {
            err.println("vitals run: could not report " + what + " to " + url.shown() + ": " + w + consequence);
            err.flush();
        });
    }

    /**
     * Everything from the first word that is not an option belongs to the command, even without
     * {@code --}: {@code vitals run --ping URL pg_dump -Fc db} must not read {@code -Fc} as ours.
     */
    static final class CommandFirst implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }
}

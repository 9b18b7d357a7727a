package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testkit.PingServer;
import dev.vitals.testkit.PingServer.Ping;
import dev.vitals.testkit.SilentServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vitals run} in this JVM against a real ping receiver on loopback, running real commands. */
class RunCommandTest {
    private final PingServer server = PingServer.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private record Result(int exitCode, String stdout, String stderr, Duration took) {}

    /** Runs {@code vitals run ARGS} with pings that give up within about a second. */
    private static Result run(String... args) {
        RunCommand command = new RunCommand();
        command.patience =
                new Pinger.Patience(3, Duration.ofMillis(1500), Duration.ofMillis(500), Duration.ofMillis(50));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream commandErr = new ByteArrayOutputStream();
        command.stdout = out;
        command.stderr = commandErr;
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int code = cli.execute(args);
        return new Result(
                code,
                out.toString(StandardCharsets.UTF_8),
                commandErr.toString(StandardCharsets.UTF_8) + err,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static String[] withCommand(String url, String... command) {
        List<String> all = new ArrayList<>(List.of("--ping", url, "--"));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    @Test
    void reportsTheStartThenTheExitStatusWithTheOutputAsLogAndTheSameRunId() {
        Result r = run(withCommand(server.url("k1"), "sh", "-c", "echo hello; echo oops >&2"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("hello\n");
        assertThat(r.stderr()).isEqualTo("oops\n");
        List<Ping> pings = server.pings();
        assertThat(pings).hasSize(2);
        Ping start = pings.get(0);
        Ping end = pings.get(1);
        assertThat(start.path()).isEqualTo("/ping/k1/start");
        assertThat(end.method()).isEqualTo("POST");
        assertThat(end.path()).isEqualTo("/ping/k1/0");
        assertThat(end.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(end.body()).contains("hello\n").contains("oops\n");
        assertThat(start.param("rid")).isPresent().get().asString().hasSize(36);
        assertThat(end.param("rid")).isEqualTo(start.param("rid"));
    }

    @Test
    void eachRunHasItsOwnRunId() {
        run(withCommand(server.url("k"), "true"));
        run(withCommand(server.url("k"), "true"));
        List<Ping> pings = server.pings();
        assertThat(pings).hasSize(4);
        assertThat(pings.get(0).param("rid")).isNotEqualTo(pings.get(2).param("rid"));
    }

    @Test
    void theCommandsExitStatusIsReportedAndIsOurs() {
        Result r = run(withCommand(server.url("k"), "sh", "-c", "exit 3"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(server.pings().get(1).path()).isEqualTo("/ping/k/3");
    }

    @Test
    void aCommandKilledByASignalEndsWith128PlusTheSignalAsInAShell() {
        Result r = run(withCommand(server.url("k"), "sh", "-c", "kill -TERM $$"));
        assertThat(r.exitCode()).isEqualTo(143);
        assertThat(server.pings().get(1).path()).isEqualTo("/ping/k/143");
    }

    @Test
    void theLogIsTheEndOfALongOutputAndNotItsBeginningWhileAllOfItReachesStdout() {
        // Standard output only: what comes on two pipes is kept in the order it is read, which need not
        // be the order it was written (stderr in the log is the first test's).
        String script = "echo FIRST; i=0; while [ $i -lt 3000 ]; do echo \"line $i\"; i=$((i+1)); done;" + " echo LAST";
        Result r = run("--ping", server.url("k"), "--log-tail", "4096", "--", "sh", "-c", script);

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("FIRST\n").endsWith("line 2999\nLAST\n");
        String log = server.pings().get(1).body();
        assertThat(log.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(4096)
                .isGreaterThan(4000);
        assertThat(log).endsWith("LAST\n").contains("line 2998\n");
        assertThat(log).doesNotContain("FIRST").doesNotContain("line 10\n");
    }

    @Test
    void aQueryInThePingUrlIsKeptOnEveryPing() {
        run(withCommand(server.url("k") + "?create=1", "true"));
        assertThat(server.pings())
                .extracting(p -> p.param("create").orElse("missing"))
                .containsExactly("1", "1");
    }

    @Test
    void optionsAfterTheCommandBelongToTheCommandEvenWithoutDoubleDash() {
        Result r = run("--ping", server.url("k"), "sh", "-c", "echo $0 $1; exit 5", "--log-tail", "x");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(5);
        assertThat(r.stdout()).isEqualTo("--log-tail x\n");
    }

    @Test
    void anUnreachableServerWarnsButTheJobRunsAndKeepsItsExitStatusWithinTheBudget() {
        String url = "http://127.0.0.1:" + SilentServer.closedPort() + "/ping/k";
        Result r = run(withCommand(url, "sh", "-c", "echo ran; exit 4"));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("ran\n");
        assertThat(r.stderr().lines().toList())
                .hasSize(2)
                .satisfiesExactly(
                        start -> assertThat(start)
                                .startsWith("vitals run: could not report the start to " + url + ": ")
                                .contains("3 tries")
                                .endsWith("; the job runs anyway"),
                        end -> assertThat(end)
                                .startsWith("vitals run: could not report exit status 4 to " + url + ": "));
        // Two pings of at most 1.5 s each, plus starting a shell: well under what a slow machine needs.
        assertThat(r.took()).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aServerThatNeverAnswersDelaysTheCommandByNoMoreThanThePingBudget() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            String url = "http://127.0.0.1:" + silent.port() + "/ping/k";
            Path started = dir.resolve("started");
            long before = System.nanoTime();
            Result r = run(withCommand(url, "sh", "-c", "date +%s%N > " + started + "; exit 0"));
            long startedAt = Long.parseLong(Files.readString(started).strip());

            assertThat(r.exitCode()).isZero();
            assertThat(r.stderr()).contains("could not report the start").contains("no answer within");
            // The command started after the start ping's budget of 1.5 s, not much later.
            long wallBefore = System.currentTimeMillis() * 1_000_000 - (System.nanoTime() - before);
            assertThat(Duration.ofNanos(startedAt - wallBefore)).isLessThan(Duration.ofMillis(3500));
            assertThat(r.took()).isLessThan(Duration.ofSeconds(7));
        }
    }

    @Test
    void aServerBusyTwiceGetsTheSamePingAgainUntilItIsTaken() {
        server.answerNext(503, 503);
        Result r = run(withCommand(server.url("k"), "true"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(server.pings())
                .extracting(Ping::path)
                .containsExactly("/ping/k/start", "/ping/k/start", "/ping/k/start", "/ping/k/0");
    }

    @Test
    void tooManyPingsAreTriedAgainToo() {
        server.answerNext(429);
        Result r = run(withCommand(server.url("k"), "true"));
        assertThat(r.stderr()).isEmpty();
        assertThat(server.pings())
                .extracting(Ping::path)
                .containsExactly("/ping/k/start", "/ping/k/start", "/ping/k/0");
    }

    @Test
    void anUnknownKeyIsNotTriedAgainAndTheWarningNamesIt() {
        server.answerAlways(404);
        Result r = run(withCommand(server.url("nope"), "sh", "-c", "exit 0"));

        assertThat(r.exitCode()).isZero();
        assertThat(server.pings()).extracting(Ping::path).containsExactly("/ping/nope/start", "/ping/nope/0");
        assertThat(r.stderr())
                .contains("could not report the start to " + server.url("nope") + ": HTTP 404 \"not found\"")
                .contains("is the ping URL right?");
    }

    @Test
    void aMissingCommandIsReportedAs127WithTheReasonAsLog() {
        Result r = run(withCommand(server.url("k"), "no-such-command-for-vitals", "arg"));

        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr()).contains("vitals run: cannot run \"no-such-command-for-vitals\": not found");
        Ping end = server.pings().get(1);
        assertThat(end.path()).isEqualTo("/ping/k/127");
        assertThat(end.body())
                .startsWith("cannot run \"no-such-command-for-vitals\": not found")
                .doesNotContain("\n");
    }

    @Test
    void aFileThatIsNotExecutableIsReportedAs126() throws Exception {
        Path script = Files.writeString(dir.resolve("backup.sh"), "#!/bin/sh\necho never\n");
        Result r = run(withCommand(server.url("k"), script.toString()));

        assertThat(r.exitCode()).isEqualTo(126);
        assertThat(r.stderr()).contains("not executable");
        assertThat(server.pings().get(1).path()).isEqualTo("/ping/k/126");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedBeforeAnythingRuns() throws Exception {
        Path marker = dir.resolve("ran");
        Result r = run(withCommand("ftp://example.com/ping/k", "touch", marker.toString()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("--ping must be an http:// or https:// URL")
                .contains("ftp://example.com");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aLogTailOverTheServersLimitIsRefused() {
        Result r = run("--ping", server.url("k"), "--log-tail", "200KB", "--", "true");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--log-tail").contains("\"200KB\"").contains("100KB");
        assertThat(server.pings()).isEmpty();

        assertThat(run("--ping", server.url("k"), "--log-tail", "lots", "--", "true")
                        .exitCode())
                .isEqualTo(2);
        assertThat(run("--ping", server.url("k"), "--log-tail", "100KB", "--", "true")
                        .exitCode())
                .isZero();
    }

    @Test
    void badFlagsGetPicocliMessageAndExitTwoThroughTheTopLevelCommand() {
        StringWriter err = new StringWriter();
        CommandLine cli = VitalsCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("run", "--", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("--ping");
        assertThat(cli.execute("run", "--ping", server.url("k"))).isEqualTo(2);
        assertThat(cli.execute("run", "--pong", "x", "--", "true")).isEqualTo(2);
        assertThat(server.pings()).isEmpty();
    }
}

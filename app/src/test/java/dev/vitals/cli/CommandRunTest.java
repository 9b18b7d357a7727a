package dev.vitals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wrapped command's life: what a forwarded SIGTERM does to it and what is reported. */
class CommandRunTest {
    private static final CommandRun.Stop TERM = new CommandRun.Stop("TERM", 15);

    @TempDir
    Path dir;

    private static CommandRun commandRun(Duration grace, String... command) {
        return new CommandRun(
                List.of(command),
                new OutputTail(1024),
                new ByteArrayOutputStream(),
                new ByteArrayOutputStream(),
                grace);
    }

    /** Runs it in the background and waits until the script has written {@code ready}. */
    private CompletableFuture<CommandRun.Ended> startAndAwait(CommandRun run, Path ready) throws Exception {
        CompletableFuture<CommandRun.Ended> ended = CompletableFuture.supplyAsync(() -> {
            try {
                return run.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(ready) && System.nanoTime() < until) {
            Thread.sleep(20); // waiting for another process, not for time to pass
        }
        assertThat(ready).exists();
        return ended;
    }

    @Test
    void aForwardedStopEndsTheCommandAndItsChildrenWithTheSignalsStatus() throws Exception {
        Path ready = dir.resolve("ready");
        Path pidFile = dir.resolve("child");
        // The shell waits for a child of its own, which must not outlive the stop.
        CommandRun run = commandRun(
                Duration.ofSeconds(10), "sh", "-c", "sleep 60 & echo $! > " + pidFile + "; touch " + ready + "; wait");
        CompletableFuture<CommandRun.Ended> ended = startAndAwait(run, ready);
        long child = Long.parseLong(Files.readString(pidFile).strip());

        run.stop(TERM);

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(new CommandRun.Exited(143));
        ProcessHandle.of(child)
                .ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void aCommandThatIgnoresTheStopIsKilledAfterTheGraceTime() throws Exception {
        Path ready = dir.resolve("ready");
        CommandRun run = commandRun(
                Duration.ofMillis(300), "sh", "-c", "trap '' TERM; touch " + ready + "; while :; do sleep 0.05; done");
        CompletableFuture<CommandRun.Ended> ended = startAndAwait(run, ready);

        long before = System.nanoTime();
        run.stop(TERM);

        assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(new CommandRun.Exited(137));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aStopBeforeTheCommandStartedMeansItNeverStarts() throws Exception {
        Path marker = dir.resolve("ran");
        CommandRun run = commandRun(Duration.ofSeconds(1), "touch", marker.toString());
        run.stop(TERM);

        CommandRun.Ended ended = run.run();

        assertThat(ended).isInstanceOf(CommandRun.NotStarted.class);
        assertThat(ended.status()).isEqualTo(143);
        assertThat(((CommandRun.NotStarted) ended).reason()).contains("SIGTERM");
        assertThat(marker).doesNotExist();
    }
}

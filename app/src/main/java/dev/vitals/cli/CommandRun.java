package dev.vitals.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the command {@code vitals run} wraps: started directly (no shell between), standard
 * input inherited, standard output and error passed through live to ours and kept, together, in an
 * {@link OutputTail}. Its exit status is what a shell would give: the code it exited with, 128 plus
 * the signal that killed it, 127 when it is not found, 126 when it cannot be run.
 *
 * <p>A command may leave a background child that still holds its output open; its end is not
 * waited for beyond a short drain, or the report would wait for a daemon that never ends.
 */
final class CommandRun {
    /** How long output still arriving after the command's exit is waited for. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    /** The OS error in the JDK's message: "error=2, No such..." up to JDK 21, "error: 2 (No such...)" later. */
    private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)(?:, | \\()([^)]+)");

    private static final int ENOENT = 2;

    /** How the run ended, with the exit status to report and to exit with. */
    sealed interface Ended permits Exited, NotStarted {
        int status();
    }

    record Exited(int status) implements Ended {}

    /** The command never ran; {@code reason} is one line for a person. */
    record NotStarted(int status, String reason) implements Ended {}

    /** A stop signal that reached {@code vitals run}, such as TERM (15). */
    record Stop(String name, int number) {}

    private final List<String> command;
    private final OutputTail tail;
    private final OutputStream out;
    private final OutputStream err;
    private final Duration grace;

    private final Object lock = new Object();
    private Process process; // guarded by lock; null until started
    private Optional<Stop> stopped = Optional.empty(); // guarded by lock

    /**
     * @param grace how long the command has to end after a stop is forwarded before it is killed
     */
    CommandRun(List<String> command, OutputTail tail, OutputStream out, OutputStream err, Duration grace) {
        this.command = List.copyOf(command);
        this.tail = tail;
        this.out = out;
        this.err = err;
        this.grace = grace;
    }

    Ended run() throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        Process p;
        synchronized (lock) {
            if (stopped.isPresent()) {
                Stop s = stopped.get();
                return new NotStarted(
                        128 + s.number(), "vitals run was stopped by SIG" + s.name() + " before the command started");
            }
            try {
                p = builder.start();
            } catch (IOException e) {
                return cannotStart(e);
            }
            process = p;
        }
        Thread o = pump(p.getInputStream(), out, "vitals-run-stdout");
        Thread e = pump(p.getErrorStream(), err, "vitals-run-stderr");
        // The JDK reports a command killed by signal N as 128 + N, as shells do.
        int status = p.waitFor();
        o.join(DRAIN);
        e.join(DRAIN);
        return new Exited(status);
    }

    /**
     * Forwards a stop to the command and its children, as a terminal's Ctrl-C reaches the whole
     * foreground job, then kills them if they are still there after the grace time. Called from a
     * signal handler's thread.
     */
    void stop(Stop signal) {
        Process p;
        synchronized (lock) {
            if (stopped.isEmpty()) {
                stopped = Optional.of(signal);
            }
            p = process;
        }
        if (p == null) {
            return;
        }
        // The children are listed first (once the command is gone they are no longer its
        // descendants) but signalled after it: a shell whose child dies first may go on to its next
        // line before its own SIGTERM lands, and end with 0 as if nothing had happened.
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        Thread.ofPlatform().daemon(true).name("vitals-run-stop").start(() -> {
            try {
                if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    children.forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private NotStarted cannotStart(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = ERRNO.matcher(message);
        String name = "cannot run \"" + command.get(0) + "\": ";
        if (!m.find()) {
            return new NotStarted(126, name + message);
        }
        if (Integer.parseInt(m.group(1)) == ENOENT) {
            return new NotStarted(127, name + "not found (" + m.group(2).strip() + ")");
        }
        return new NotStarted(126, name + "not executable (" + m.group(2).strip() + ")");
    }

    /**
     * Copies one of the command's streams to ours and into the tail. If ours is closed, the copy
     * goes on into the tail alone: the command must never block on a full pipe because of us.
     */
    private Thread pump(InputStream from, OutputStream to, String name) {
        return Thread.ofPlatform().daemon(true).name(name).start(() -> {
            byte[] buffer = new byte[8192];
            boolean passing = true;
            try (from) {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    tail.write(buffer, 0, n);
                    if (passing) {
                        try {
                            to.write(buffer, 0, n);
                            to.flush();
                        } catch (IOException closed) {
                            passing = false;
                        }
                    }
                }
            } catch (IOException ended) {
                // the command and its children closed the stream
            }
        });
    }
}

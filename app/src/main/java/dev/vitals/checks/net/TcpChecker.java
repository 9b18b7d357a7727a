package dev.vitals.checks.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vitals.checks.Checker;
import dev.vitals.checks.Connector;
import dev.vitals.checks.Deadline;
import dev.vitals.checks.Failures;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Timings;
import dev.vitals.checks.Verdict;
import dev.vitals.config.Durations;
import dev.vitals.monitors.TcpTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks a TCP service: connects, optionally sends {@code send}, and when there is something to
 * judge, reads until every {@code expect} and {@code warn} assertion holds, the server closes, 64
 * KiB have arrived or the deadline passes. Reading stops as soon as everything matches because many
 * services (SMTP, Redis, SSH) keep the connection open and would otherwise always run into the
 * timeout. Without assertions, a connection that opens is a pass: that is what "the port is up"
 * means.
 */
public final class TcpChecker implements Checker<TcpTarget> {
    static final int MAX_BYTES = 64 * 1024;

    public TcpChecker() {}

    @Override
    public Probe check(TcpTarget target, Deadline deadline, NetworkGuard guard) {
        Timings.Builder timings = Timings.builder();
        String step = "connecting";
        // No watchdog here: the read loop below gives every read only the time left, and judges what
        // arrived when it is up.
        try (Socket socket = Connector.connect(target.host(), target.port(), deadline, timings, guard)) {
            if (target.send().isPresent()) {
                step = "sending";
                OutputStream out = socket.getOutputStream();
                out.write(target.send().get().getBytes(UTF_8));
                out.flush();
            }
            String what = target.send().isPresent() ? "reply" : "banner";
            List<Assertion> expect = assertions(target.expect(), what);
            List<Assertion> warn = assertions(target.warn(), what);
            if (expect.isEmpty() && warn.isEmpty()) {
                return Probe.passed(deadline.elapsed(), timings.build());
            }
            step = "reading";
            List<Assertion> all = new ArrayList<>(expect);
            all.addAll(warn);
            Received received = read(socket, all, deadline, timings);
            return judge(expect, warn, received, deadline, timings.build());
        } catch (IOException e) {
            return Probe.failed(Failures.describe(e, step, deadline), deadline.elapsed(), timings.build());
        } catch (RuntimeException e) {
            return Probe.failed(
                    "TCP check failed while " + step + ": " + Failures.message(e), deadline.elapsed(), timings.build());
        }
    }

    /** One thing to look for in the received text; {@code wanted} names it, {@code failure} says it is missing. */
    private record Assertion(String wanted, String failure, Predicate<String> test) {
        boolean holds(String text) {
            return test.test(text);
        }
    }

    private static List<Assertion> assertions(TcpTarget.Expect e, String what) {
        List<Assertion> out = new ArrayList<>();
        e.bannerMatches()
                .ifPresent(r -> out.add(
                        new Assertion("banner matching " + r, "banner does not match " + r, text -> r.find(text))));
        e.contains()
                .ifPresent(s -> out.add(new Assertion(
                        what + " containing " + Quote.of(s),
                        what + " does not contain " + Quote.of(s),
                        text -> text.contains(s))));
        return out;
    }

    private enum End {
        MATCHED,
        CLOSED,
        LIMIT,
        TIMED_OUT
    }

    private record Received(String text, End end) {}

    private static Received read(Socket socket, List<Assertion> all, Deadline deadline, Timings.Builder timings)
            throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        boolean first = true;
        String text = "";
        End end;
        timings.start(Phase.FIRST_BYTE);
        while (true) {
            if (deadline.expired()) {
                end = End.TIMED_OUT;
                break;
            }
            socket.setSoTimeout(deadline.remainingMillis());
            int n;
            try {
                n = in.read(chunk, 0, Math.min(chunk.length, MAX_BYTES - buffer.size()));
            } catch (SocketTimeoutException e) {
                end = End.TIMED_OUT;
                break;
            } catch (IOException e) {
                if (buffer.size() == 0) {
                    throw e;
                }
                // A server that resets right after its banner still said what it had to say.
                end = End.CLOSED;
                break;
            }
            if (n < 0) {
                end = End.CLOSED;
                break;
            }
            if (first) {
                timings.end(Phase.FIRST_BYTE).start(Phase.TRANSFER);
                first = false;
            }
            buffer.write(chunk, 0, n);
            text = buffer.toString(UTF_8);
            String t = text;
            if (all.stream().allMatch(a -> a.holds(t))) {
                end = End.MATCHED;
                break;
            }
            if (buffer.size() >= MAX_BYTES) {
                end = End.LIMIT;
                break;
            }
        }
        timings.end(first ? Phase.FIRST_BYTE : Phase.TRANSFER);
        return new Received(text, end);
    }

    private static Probe judge(
            List<Assertion> expect, List<Assertion> warn, Received received, Deadline deadline, Timings timings) {
        Optional<String> failed = problem(expect, received, deadline);
        if (failed.isPresent()) {
            return Probe.failed(failed.get(), deadline.elapsed(), timings);
        }
        return problem(warn, received, deadline)
                .map(w -> new Probe(new Verdict.Warned(w), deadline.elapsed(), timings, Optional.empty()))
                .orElseGet(() -> Probe.passed(deadline.elapsed(), timings));
    }

    private static Optional<String> problem(List<Assertion> assertions, Received received, Deadline deadline) {
        List<Assertion> missing =
                assertions.stream().filter(a -> !a.holds(received.text())).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        if (received.end() == End.TIMED_OUT) {
            // The configured timeout, not the elapsed time: "after 2 s" reads better than "after 2.01 s".
            return Optional.of("timed out after " + Durations.human(deadline.timeout()) + " waiting for "
                    + missing.stream().map(Assertion::wanted).collect(Collectors.joining(" and "))
                    + (received.text().isEmpty()
                            ? " (nothing received)"
                            : " (received " + Quote.of(received.text()) + ")"));
        }
        String got = received.text().isEmpty()
                ? "got nothing before the server closed the connection"
                : "got " + Quote.of(received.text())
                        + (received.end() == End.LIMIT ? " (stopped reading after 64 KiB)" : "");
        return Optional.of(missing.stream().map(Assertion::failure).collect(Collectors.joining("; ")) + ": " + got);
    }
}

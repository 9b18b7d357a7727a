package dev.vitals.checks.net;

import dev.vitals.checks.Checker;
import dev.vitals.checks.Deadline;
import dev.vitals.checks.Failures;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Timings;
import dev.vitals.checks.Verdict;
import dev.vitals.config.Durations;
import dev.vitals.monitors.DnsTarget;
import dev.vitals.monitors.HostPort;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Checks a DNS name by sending one query, recursion desired, straight to a server: the monitor's
 * {@code server}, or the first resolver the system is configured with. The query goes out over UDP
 * and again over TCP when the answer comes back truncated. dnsjava's {@code Lookup} is not used
 * because its cache would answer from memory and hide the server being down.
 *
 * <p>The whole exchange, including finding the server's address when it is given by name, is
 * timed as {@link Phase#DNS}: for a DNS check, DNS is the work, and there is no connection or
 * separate first byte to speak of.
 *
 * <p>A response code other than the expected one (NOERROR unless {@code expect.rcode} says so) is
 * down. With NOERROR, an answer without records of the asked type is down too ("no A records for
 * x"), because a name that resolves to nothing is broken for its users; {@code min_answers: 0} or
 * another expected response code allows it. Answers are compared by meaning ({@link Answers}).
 */
public final class DnsChecker implements Checker<DnsTarget> {
    public DnsChecker() {}

    @Override
    public Probe check(DnsTarget target, Deadline deadline, NetworkGuard guard) {
        Timings.Builder timings = Timings.builder();
        String server = target.server().map(HostPort::toString).orElse("the system resolver");
        try {
            int type = Type.value(target.record());
            Name name = Name.fromString(target.name(), Name.root);
            timings.start(Phase.DNS);
            InetSocketAddress address = address(target.server(), deadline);
            server = HostPort.format(address.getAddress().getHostAddress(), address.getPort());
            if (target.server().isPresent()) {
                // The system's resolver is the machine's, set by its admins, and every check of a
                // name asks it anyway; a server named in the monitor is the monitor author's choice.
                guard.check(address);
            }
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(Duration.ofMillis(deadline.remainingMillis()));
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            timings.end(Phase.DNS);
            return judge(target, type, response, server, deadline.elapsed(), timings.build());
        } catch (TextParseException e) {
            return Probe.failed(
                    "not a valid DNS name: " + target.name() + " (" + e.getMessage() + ")",
                    deadline.elapsed(),
                    timings.build());
        } catch (NetworkGuard.Refused e) {
            timings.end(Phase.DNS);
            return Probe.failed("DNS server " + e.getMessage(), deadline.elapsed(), timings.build());
        } catch (UnknownHostException e) {
            timings.end(Phase.DNS);
            return Probe.failed(
                    "DNS server " + server + " not found: " + e.getMessage(), deadline.elapsed(), timings.build());
        } catch (IOException e) {
            timings.end(Phase.DNS);
            String reason = isTimeout(e, deadline)
                    ? "no answer from " + server + " within " + Durations.human(deadline.timeout())
                    : Failures.describe(e, "asking " + server, deadline);
            return Probe.failed(reason, deadline.elapsed(), timings.build());
        } catch (RuntimeException e) {
            return Probe.failed("DNS check failed: " + Failures.message(e), deadline.elapsed(), timings.build());
        }
    }

    private static InetSocketAddress address(Optional<HostPort> server, Deadline deadline) throws UnknownHostException {
        if (server.isPresent()) {
            return new InetSocketAddress(
                    dev.vitals.checks.Resolver.lookup(server.get().host(), deadline)[0],
                    server.get().port());
        }
        List<InetSocketAddress> system = ResolverConfig.getCurrentConfig().servers();
        if (system.isEmpty()) {
            throw new UnknownHostException("this machine has no DNS server configured; set server");
        }
        return system.get(0);
    }

    private static boolean isTimeout(IOException e, Deadline deadline) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || t instanceof TimeoutException
                    || t instanceof InterruptedIOException
                    || String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("timed out")) {
                return true;
            }
        }
        return deadline.expired();
    }

    private static Probe judge(
            DnsTarget target, int type, Message response, String server, Duration latency, Timings timings) {
        String rcode = Rcode.string(response.getRcode());
        List<Record> answers = response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type)
                .toList();
        String expected = target.expectedRcode();
        if (!rcode.equals(expected)) {
            return Probe.failed(rcodeProblem(target, rcode, expected, server, answers.size()), latency, timings);
        }
        int defaultMin = expected.equals("NOERROR") ? 1 : 0;
        List<String> failed = problems(target, target.expect(), defaultMin, answers);
        if (!failed.isEmpty()) {
            return Probe.failed(String.join("; ", failed), latency, timings);
        }
        List<String> warned = new ArrayList<>();
        target.warn()
                .rcode()
                .filter(w -> !w.equals(rcode))
                .ifPresent(w -> warned.add(rcodeProblem(target, rcode, w, server, answers.size())));
        warned.addAll(problems(target, target.warn(), 0, answers));
        return warned.isEmpty()
                ? Probe.passed(latency, timings)
                : new Probe(new Verdict.Warned(String.join("; ", warned)), latency, timings, Optional.empty());
    }

    private static String rcodeProblem(DnsTarget target, String got, String wanted, String server, int answers) {
        String said = switch (got) {
            case "NXDOMAIN" -> "NXDOMAIN: " + target.name() + " does not exist";
            case "SERVFAIL" -> "SERVFAIL from " + server;
            case "REFUSED" -> "REFUSED by " + server;
            case "NOERROR" -> "NOERROR: " + target.name() + " exists (" + count(answers, target.record()) + ")";
            default -> got + " from " + server;
        };
        return wanted.equals("NOERROR") ? said : said + ", expected " + wanted;
    }

    private static List<String> problems(DnsTarget target, DnsTarget.Expect e, int defaultMin, List<Record> answers) {
        List<String> out = new ArrayList<>();
        int min = e.minAnswers().orElse(defaultMin);
        if (answers.isEmpty() && (min > 0 || !e.answersInclude().isEmpty())) {
            out.add("no " + target.record() + " records for " + target.name());
            return out;
        }
        if (answers.size() < min) {
            out.add("only " + count(answers.size(), target.record()) + " for " + target.name() + " (at least " + min
                    + " wanted)");
        }
        List<String> missing = e.answersInclude().stream()
                .filter(want -> answers.stream().noneMatch(r -> Answers.matches(r, want)))
                .toList();
        if (!missing.isEmpty()) {
            out.add("answers " + Answers.show(answers) + " do not include " + String.join(", ", missing));
        }
        return out;
    }

    private static String count(int n, String record) {
        return n + " " + record + (n == 1 ? " record" : " records");
    }
}

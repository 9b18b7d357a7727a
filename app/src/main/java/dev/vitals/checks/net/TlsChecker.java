package dev.vitals.checks.net;

import dev.vitals.checks.Checker;
import dev.vitals.checks.Connector;
import dev.vitals.checks.Deadline;
import dev.vitals.checks.Failures;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Timings;
import dev.vitals.checks.Verdict;
import dev.vitals.monitors.TlsTarget;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Checks the certificate a TLS server presents. The handshake trusts everything and only records
 * the chain ({@link ChainRecorder}); the judging happens afterwards, so that one check can report
 * every problem at once ("certificate expired 3 days ago on 2026-11-21; certificate not trusted:
 * ...") and still store the expiry date of a certificate a strict client would have refused.
 *
 * <p>Problems, most severe first: the dates (expired or not yet valid, always down, since no client
 * accepts such a certificate), the chain ({@code chain_valid}), the host name ({@code
 * hostname_valid}, matched by {@link HostnameMatch}), and the days left ({@code
 * days_left_at_least}, counted with the injected clock as whole days, rounded down). A problem that
 * {@code expect} asks about makes the check fail, one that only {@code warn} asks about makes it
 * degraded; all of them are joined with "; ".
 *
 * <p>Each check makes its own {@link SSLContext}: a shared one would resume cached sessions and
 * report the certificate of an earlier connection after the server has changed it.
 */
public final class TlsChecker implements Checker<TlsTarget> {
    private static final Duration DAY = Duration.ofDays(1);

    private final InstantSource clock;
    private final TrustStore trust = new TrustStore();

    public TlsChecker(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Probe check(TlsTarget target, Deadline deadline, NetworkGuard guard) {
        Timings.Builder timings = Timings.builder();
        ChainRecorder recorder = new ChainRecorder();
        String serverName = stripDot(target.effectiveServerName());
        String step = "connecting";
        try (Socket plain = Connector.connect(target.host(), target.port(), deadline, timings, guard);
                dev.vitals.checks.Watchdog.Guard watchdog = dev.vitals.checks.Watchdog.guard(plain, deadline)) {
            step = "doing the TLS handshake";
            timings.start(Phase.TLS);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            try (SSLSocket tls =
                    (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, target.port(), true)) {
                SSLParameters parameters = tls.getSSLParameters();
                if (!HostnameMatch.isAddressLiteral(serverName)) {
                    parameters.setServerNames(List.of(new SNIHostName(serverName)));
                }
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(deadline.remainingMillis());
                tls.startHandshake();
            }
            timings.end(Phase.TLS);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            timings.end(Phase.TLS);
            Probe failed = Probe.failed(describe(e, step, deadline), deadline.elapsed(), timings.build());
            return recorder.leaf()
                    .map(l -> failed.withCertificateExpiry(notAfter(l)))
                    .orElse(failed);
        }
        Duration latency = deadline.elapsed();
        List<X509Certificate> chain = recorder.chain();
        if (chain.isEmpty()) {
            return Probe.failed("the server presented no certificate", latency, timings.build());
        }
        Verdict verdict = judge(target, serverName, chain, recorder.authType());
        return new Probe(verdict, latency, timings.build(), Optional.empty())
                .withCertificateExpiry(notAfter(chain.get(0)));
    }

    private Verdict judge(TlsTarget target, String serverName, List<X509Certificate> chain, String authType) {
        X509Certificate leaf = chain.get(0);
        Instant now = clock.instant();
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = notAfter(leaf);
        List<String> failed = new ArrayList<>();
        List<String> warned = new ArrayList<>();

        boolean outOfDates = true;
        if (now.isBefore(notBefore)) {
            failed.add("certificate not valid yet: valid from " + day(notBefore));
        } else if (!now.isBefore(notAfter)) {
            Duration ago = Duration.between(notAfter, now);
            failed.add("certificate expired " + (ago.compareTo(DAY) < 0 ? "less than a day" : days(ago)) + " ago on "
                    + day(notAfter));
        } else {
            outOfDates = false;
        }

        if (target.expect().chainValid() || target.warn().chainValid()) {
            boolean dates = outOfDates;
            trust.problem(chain, authType, target.caFile())
                    // The dates are already reported, from the injected clock, and in better words.
                    .filter(u -> !(dates && u.datesOnly()))
                    .ifPresent(u -> (target.expect().chainValid() ? failed : warned).add(u.reason()));
        }

        if ((target.expect().hostnameValid() || target.warn().hostnameValid())
                && !HostnameMatch.matches(leaf, serverName)) {
            (target.expect().hostnameValid() ? failed : warned).add(hostnameProblem(leaf, serverName));
        }

        if (!outOfDates) {
            long left = Duration.between(now, notAfter).toDays();
            if (target.expect().daysLeftAtLeast().isPresent()
                    && left < target.expect().daysLeftAtLeast().getAsInt()) {
                failed.add(expiresIn(left, target.expect().daysLeftAtLeast().getAsInt()));
            } else if (target.warn().daysLeftAtLeast().isPresent()
                    && left < target.warn().daysLeftAtLeast().getAsInt()) {
                warned.add(expiresIn(left, target.warn().daysLeftAtLeast().getAsInt()));
            }
        }

        List<String> all = new ArrayList<>(failed);
        all.addAll(warned);
        if (!failed.isEmpty()) {
            return new Verdict.Failed(String.join("; ", all));
        }
        return warned.isEmpty() ? Verdict.PASSED : new Verdict.Warned(String.join("; ", all));
    }

    private static String hostnameProblem(X509Certificate leaf, String serverName) {
        List<String> names = HostnameMatch.names(leaf);
        if (names.isEmpty()) {
            return "certificate not valid for " + serverName + ": it has no subject alternative names (only "
                    + leaf.getSubjectX500Principal().getName() + ", which browsers ignore)";
        }
        String listed = names.size() <= 5
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
        return "certificate not valid for " + serverName + " (it is for " + listed + ")";
    }

    private static String expiresIn(long left, int wanted) {
        String when = left == 0 ? "in less than a day" : "in " + days(Duration.ofDays(left));
        return "certificate expires " + when + " (at least " + wanted + " wanted)";
    }

    private static String days(Duration d) {
        long n = d.toDays();
        return n == 1 ? "1 day" : n + " days";
    }

    private static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    private static Instant notAfter(X509Certificate c) {
        return c.getNotAfter().toInstant();
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Handshake failures in words; the common ones say what is probably wrong on the server. */
    private static String describe(Exception e, String step, Deadline deadline) {
        if (e instanceof GeneralSecurityException) {
            return "TLS could not be set up in Vitals: " + e.getMessage();
        }
        if (e instanceof IllegalArgumentException && step.startsWith("doing")) {
            return "server name is not a valid host name for SNI: " + e.getMessage();
        }
        if (e instanceof SSLException) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("unrecognized ssl message") || m.contains("unsupported or unrecognized")) {
                return "TLS handshake failed: the server did not answer in TLS (is this port plain text?)";
            }
            if (m.contains("remote host terminated the handshake")) {
                return "TLS handshake failed: the server closed the connection during the handshake";
            }
            if (m.contains("protocol_version") || m.contains("no appropriate protocol")) {
                return "TLS handshake failed: no TLS version in common with the server (" + e.getMessage() + ")";
            }
        }
        if (e instanceof RuntimeException && !(e.getCause() instanceof IOException)) {
            return "TLS check failed while " + step + ": " + e;
        }
        return Failures.describe(e, step, deadline);
    }
}

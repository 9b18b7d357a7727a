package dev.vitals.checks.db;

import dev.vitals.checks.Checker;
import dev.vitals.checks.Connector;
import dev.vitals.checks.Deadline;
import dev.vitals.checks.Failures;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Timings;
import dev.vitals.checks.Verdict;
import dev.vitals.checks.db.RespReader.RespException;
import dev.vitals.config.Secret;
import dev.vitals.monitors.HostPort;
import dev.vitals.monitors.RedisTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Checks a Redis server with a minimal RESP2 client of its own: connect (and TLS), AUTH when a
 * password is set, SELECT when the database is not 0, then the command, and judge the reply. A
 * client library would bring a pool, reconnects and retries, all of which hide what a check must
 * see; the protocol needed here is a page long. Connections are not kept: each check connects
 * anew, as an application starting up would.
 */
public final class RedisChecker implements Checker<RedisTarget> {
    private final SSLSocketFactory tls;

    public RedisChecker() {
        this((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** With the trust of {@code tls}, for tests that make their own certificate authority. */
    RedisChecker(SSLSocketFactory tls) {
        this.tls = tls;
    }

    @Override
    public Probe check(RedisTarget target, Deadline deadline, NetworkGuard guard) {
        Timings.Builder timings = Timings.builder();
        List<String> secrets = target.password().map(Secret::reveal).stream().toList();
        String where = HostPort.format(target.host(), target.port());
        String step = "connecting to " + where;
        Optional<Instant> certificateExpiry = Optional.empty();
        try (Socket raw = Connector.connect(target.host(), target.port(), deadline, timings, guard);
                dev.vitals.checks.Watchdog.Guard watchdog = dev.vitals.checks.Watchdog.guard(raw, deadline)) {
            Socket socket = raw;
            if (target.tls()) {
                step = "setting up TLS with " + where;
                SSLSocket ssl = handshake(raw, target, deadline, timings);
                certificateExpiry = expiry(ssl);
                socket = ssl;
            }
            Socket s = socket;
            RespReader in = new RespReader(s.getInputStream(), () -> {
                if (deadline.expired()) {
                    throw new SocketTimeoutException("deadline passed");
                }
                s.setSoTimeout(deadline.remainingMillis());
            });
            OutputStream out = s.getOutputStream();

            if (target.password().isPresent()) {
                step = "authenticating";
                List<String> auth = new ArrayList<>();
                auth.add("AUTH");
                target.username().ifPresent(auth::add);
                auth.add(target.password().get().reveal());
                if (send(out, in, auth) instanceof Reply.Error e) {
                    return failed(
                            Reasons.clean("authentication failed: " + e.message(), secrets),
                            deadline,
                            timings,
                            certificateExpiry);
                }
            }
            if (target.database() != 0) {
                step = "selecting database " + target.database();
                if (send(out, in, List.of("SELECT", Integer.toString(target.database()))) instanceof Reply.Error e) {
                    return failed(
                            Reasons.clean(
                                    "could not select database " + target.database() + ": " + e.message(), secrets),
                            deadline,
                            timings,
                            certificateExpiry);
                }
            }

            step = "waiting for the reply to " + target.command().get(0);
            timings.start(Phase.FIRST_BYTE);
            out.write(encode(target.command()));
            out.flush();
            in.awaitFirstByte();
            timings.end(Phase.FIRST_BYTE);
            step = "reading the reply to " + target.command().get(0);
            Reply reply = in.reply();

            Verdict verdict = judge(reply, target, secrets);
            return new Probe(verdict, deadline.elapsed(), timings.build(), certificateExpiry);
        } catch (RespException e) {
            return failed(
                    Reasons.clean(e.getMessage() + " while " + step, secrets), deadline, timings, certificateExpiry);
        } catch (IOException e) {
            return failed(
                    Reasons.clean(Failures.describe(e, step, deadline), secrets), deadline, timings, certificateExpiry);
        } catch (RuntimeException e) {
            return failed(Reasons.clean(step + " failed: " + e, secrets), deadline, timings, certificateExpiry);
        }
    }

    static Verdict judge(Reply reply, RedisTarget target, List<String> secrets) {
        if (reply instanceof Reply.Error e) {
            return new Verdict.Failed(Reasons.clean("Redis replied with an error: " + e.message(), secrets));
        }
        String text = reply.render();
        Optional<String> failed = unmet(target.effectiveExpect(), text);
        if (failed.isPresent()) {
            return new Verdict.Failed(Reasons.clean(failed.get(), secrets));
        }
        return unmet(target.warn(), text)
                .<Verdict>map(w -> new Verdict.Warned(Reasons.clean(w, secrets)))
                .orElse(Verdict.PASSED);
    }

    private static Optional<String> unmet(RedisTarget.Expect expect, String text) {
        if (expect.reply().isPresent() && !expect.reply().get().equals(text)) {
            return Optional.of(
                    "expected reply " + Reasons.quote(expect.reply().get()) + ", got " + Reasons.quote(text));
        }
        if (expect.replyContains().isPresent()
                && !text.contains(expect.replyContains().get())) {
            return Optional.of("reply does not contain "
                    + Reasons.quote(expect.replyContains().get()) + " (got " + Reasons.quote(text) + ")");
        }
        return Optional.empty();
    }

    private SSLSocket handshake(Socket raw, RedisTarget target, Deadline deadline, Timings.Builder timings)
            throws IOException {
        timings.start(Phase.TLS);
        // Given the host name, the JDK sends it as SNI (not for an IP address literal, as TLS wants).
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate names the host
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(deadline.remainingMillis());
        ssl.startHandshake();
        timings.end(Phase.TLS);
        return ssl;
    }

    private static Optional<Instant> expiry(SSLSocket ssl) throws IOException {
        Certificate[] chain = ssl.getSession().getPeerCertificates();
        return chain.length > 0 && chain[0] instanceof X509Certificate x
                ? Optional.of(x.getNotAfter().toInstant())
                : Optional.empty();
    }

    private static Reply send(OutputStream out, RespReader in, List<String> command) throws IOException {
        out.write(encode(command));
        out.flush();
        return in.reply();
    }

    /** A command as RESP: an array of bulk strings. */
    static byte[] encode(List<String> command) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : command) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    private static Probe failed(
            String reason, Deadline deadline, Timings.Builder timings, Optional<Instant> certificateExpiry) {
        return new Probe(new Verdict.Failed(reason), deadline.elapsed(), timings.build(), certificateExpiry);
    }
}

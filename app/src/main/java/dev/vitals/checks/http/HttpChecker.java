package dev.vitals.checks.http;

import dev.vitals.checks.Checker;
import dev.vitals.checks.Deadline;
import dev.vitals.checks.Failures;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.config.Durations;
import dev.vitals.monitors.HttpTarget;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an HTTP(S) target the way a new visitor would meet it: a fresh connection every time (no
 * pool, {@code Connection: close}, no TLS session resumption), so that DNS, connect and TLS are
 * measured on every check rather than once a day. Redirects are followed here rather than by
 * OkHttp, to name loops and to time every hop; each hop's phases add up.
 *
 * <p>One OkHttp client is derived from the shared one for each trust setting ({@code verify},
 * {@code ca_file}); they share OkHttp's threads. Calls are synchronous on the caller's (virtual)
 * thread, and HTTP/1.1 only, so that concurrent checks of one host never multiplex onto a single
 * HTTP/2 connection and skip the connect. At most {@code max_body} bytes are read; an endless body
 * is cut there and what was read is judged.
 *
 * <p>{@code max_redirects: 0} means "do not follow": a redirect is then judged as the answer.
 */
public final class HttpChecker implements Checker<HttpTarget>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpChecker.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /**
     * The deadline and guard of the check running on this thread, for the DNS lookup and the
     * connects OkHttp makes on it. A thread-local is safe here because calls are synchronous on the
     * caller's thread and {@code fastFallback(false)} keeps connects there too (with fast fallback,
     * OkHttp would race connects on its own threads); OkHttp's other thread, the call timeout
     * watchdog, only cancels.
     */
    private static final ThreadLocal<InFlight> CURRENT = new ThreadLocal<>();

    private record InFlight(Deadline deadline, NetworkGuard guard) {}

    private static final java.time.Duration DEFAULT_DNS = java.time.Duration.ofSeconds(10);

    /**
     * How many connection pools the checks are spread over. OkHttp scans every connection of a pool,
     * in use or not, on each new call; with hundreds of checks at once one pool made that scan the
     * largest single cost of a check (a profile of the saturation benchmark showed 11% of CPU).
     */
    private static final int STRIPES = 32;

    private final OkHttpClient base;
    private final boolean ownsBase;
    private final List<ConnectionPool> pools = new ArrayList<>();
    private final OkHttpClient[] stripes = new OkHttpClient[STRIPES];
    private final Expectations expectations;
    private final ConcurrentMap<TrustSettings.Key, OkHttpClient[]> clients = new ConcurrentHashMap<>();

    public HttpChecker(InstantSource clock) {
        this(new OkHttpClient(), clock, true);
    }

    public HttpChecker(OkHttpClient shared, InstantSource clock) {
        this(shared, clock, false);
    }

    private HttpChecker(OkHttpClient shared, InstantSource clock, boolean ownsBase) {
        this.ownsBase = ownsBase;
        this.expectations = new Expectations(clock);
        this.base = shared.newBuilder()
                // A check measures the service, not a proxy in front of it; and asking the JVM's
                // proxy selector for every call costs a URI parse per check.
                .proxy(java.net.Proxy.NO_PROXY)
                // The JDK's lookup cannot be cut short; this one gives up when the check's time is out.
                .dns(host -> java.util.Arrays.asList(dev.vitals.checks.Resolver.lookup(
                        host,
                        Optional.ofNullable(CURRENT.get())
                                .map(InFlight::deadline)
                                .orElseGet(() -> Deadline.in(DEFAULT_DNS)))))
                // Every address connected to, after DNS, literal or redirected, meets the guard here.
                .socketFactory(new GuardedSocketFactory(
                        () -> Optional.ofNullable(CURRENT.get()).map(InFlight::guard)))
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                // Connect on the calling thread, one address after the other, as Connector does; the
                // guard, kept per thread (see CURRENT), depends on it.
                .fastFallback(false)
                .protocols(List.of(Protocol.HTTP_1_1))
                .cache(null)
                .cookieJar(CookieJar.NO_COOKIES)
                .eventListenerFactory(HttpChecker::listenerOf)
                .addInterceptor(HttpChecker::withDeadline)
                .build();
        for (int i = 0; i < STRIPES; i++) {
            ConnectionPool pool = new ConnectionPool(0, 1, TimeUnit.SECONDS);
            pools.add(pool);
            stripes[i] = base.newBuilder().connectionPool(pool).build();
        }
    }

    @Override
    public Probe check(HttpTarget target, Deadline deadline, NetworkGuard guard) {
        PhaseListener phases = new PhaseListener();
        CURRENT.set(new InFlight(deadline, guard));
        try {
            return run(target, deadline, phases);
        } catch (RuntimeException e) {
            LOG.debug("HTTP check of {} failed unexpectedly", target.url(), e);
            return failed("could not check: " + Failures.message(e), deadline, phases, e);
        } finally {
            CURRENT.remove();
        }
    }

    private Probe run(HttpTarget target, Deadline deadline, PhaseListener phases) {
        OkHttpClient client;
        try {
            client = clientFor(target);
        } catch (IOException | GeneralSecurityException e) {
            String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            return failed("could not read ca_file " + target.caFile().orElseThrow() + ": " + why, deadline, phases, e);
        }
        Hop hop = Hop.first(target);
        List<HttpUrl> visited = new ArrayList<>(List.of(hop.url()));
        while (true) {
            Call call = client.newCall(hop.request(phases, deadline));
            call.timeout().timeout(Math.max(1, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                Optional<HttpUrl> next = target.maxRedirects() > 0 ? location(hop.url(), response) : Optional.empty();
                if (next.isEmpty()) {
                    Answer answer = read(response, call, target.maxBodyBytes(), phases);
                    return judge(target, answer, deadline, phases);
                }
                phases.bodyDone();
                if (visited.contains(next.get())) {
                    visited.add(next.get());
                    return failed("redirect loop: " + chain(visited), deadline, phases, null);
                }
                visited.add(next.get());
                if (visited.size() - 1 > target.maxRedirects()) {
                    return failed(
                            "more than " + target.maxRedirects() + " redirects: " + chain(visited),
                            deadline,
                            phases,
                            null);
                }
                hop = hop.follow(response.code(), next.get());
            } catch (IOException e) {
                return failed(describe(e, phases.step(), hop.url().host(), deadline), deadline, phases, e);
            }
        }
    }

    private OkHttpClient clientFor(HttpTarget target) throws IOException, GeneralSecurityException {
        TrustSettings.Key key = TrustSettings.Key.of(target.verifyTls(), target.caFile());
        OkHttpClient[] derived = clients.get(key);
        if (derived == null) {
            // A changed CA file gets a new key; forget the clients made from its older contents.
            clients.keySet().removeIf(k -> k.caFile().equals(key.caFile()) && !k.equals(key));
            derived = TrustSettings.clients(List.of(stripes), key).toArray(new OkHttpClient[0]);
            OkHttpClient[] raced = clients.putIfAbsent(key, derived);
            derived = raced == null ? derived : raced;
        }
        return derived[java.util.concurrent.ThreadLocalRandom.current().nextInt(STRIPES)];
    }

    private static Optional<HttpUrl> location(HttpUrl current, Response response) throws ProtocolException {
        if (!REDIRECTS.contains(response.code())) {
            return Optional.empty();
        }
        String location = response.header("Location");
        if (location == null) {
            return Optional.empty();
        }
        HttpUrl next = current.resolve(location);
        if (next == null) {
            throw new ProtocolException("redirect to an unusable location: " + location);
        }
        return Optional.of(next);
    }

    /** Reads at most {@code cap} bytes; an unfinished body is cut off rather than drained. */
    private static Answer read(Response response, Call call, long cap, PhaseListener phases) throws IOException {
        ResponseBody body = response.body();
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        boolean truncated = false;
        while (true) {
            long room = cap - buffer.size();
            if (room <= 0) {
                truncated = body.contentLength() != cap;
                break;
            }
            if (source.read(buffer, Math.min(room, 8192)) == -1) {
                break;
            }
        }
        if (truncated) {
            // Closing an unfinished body makes OkHttp read on for a while to save the connection.
            call.cancel();
        }
        phases.bodyDone();
        return new Answer(response.code(), buffer.readByteArray(), charset, truncated, cap, phases.certificateExpiry());
    }

    private Probe judge(HttpTarget target, Answer answer, Deadline deadline, PhaseListener phases) {
        Verdict verdict = expectations
                .firstFailure(target.expect(), answer, deadline)
                .<Verdict>map(Verdict.Failed::new)
                .or(() -> expectations
                        .firstFailure(target.warn(), answer, deadline)
                        .map(Verdict.Warned::new))
                .orElse(Verdict.PASSED);
        return new Probe(verdict, deadline.elapsed(), phases.timings(), answer.certificateExpiry());
    }

    private static Probe failed(String reason, Deadline deadline, PhaseListener phases, Throwable cause) {
        Probe p = Probe.failed(reason, deadline.elapsed(), phases.timings());
        Optional<Instant> expiry = phases.certificateExpiry().or(() -> refusedCertificateExpiry(cause));
        return expiry.map(p::withCertificateExpiry).orElse(p);
    }

    /** A refused certificate never reaches the listener; its expiry travels in the exception. */
    private static Optional<Instant> refusedCertificateExpiry(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof CertificateProblem p) {
                return Optional.of(p.leafNotAfter());
            }
        }
        return Optional.empty();
    }

    /** OkHttp's own failures in words; the rest as {@link Failures} says them. */
    static String describe(IOException e, String step, String host, Deadline deadline) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        return switch (e) {
            // OkHttp says "Failed to connect to /10.0.0.5:443"; the cause says why.
            case ConnectException c when c.getCause() instanceof IOException why -> describe(why, step, host, deadline);
            case dev.vitals.checks.Resolver.LookupTimedOut t ->
                "timed out after " + Durations.human(deadline.elapsed()) + " looking up " + host + " in DNS";
            case UnknownHostException u
            when lower.contains("temporary failure") || lower.contains("try again") ->
                "DNS lookup of " + host + " failed: temporary failure in name resolution";
            case UnknownHostException u -> "host " + host + " not found in DNS";
            case SSLPeerUnverifiedException p -> "TLS handshake failed: certificate is not valid for " + host;
            case SocketTimeoutException t -> Failures.describe(e, step, deadline);
            // OkHttp's call timeout (the whole deadline) cancels the call from its watchdog thread.
            case InterruptedIOException t
            when !Thread.currentThread().isInterrupted() ->
                "timed out after " + Durations.human(deadline.elapsed()) + " while " + step;
            case IOException x
            when lower.startsWith("unexpected end of stream") -> "connection closed by the server while " + step;
            case ProtocolException p when lower.startsWith("redirect to") -> message;
            case ProtocolException p -> "not a valid HTTP response: " + message;
            default -> Failures.describe(e, step, deadline);
        };
    }

    private static String chain(List<HttpUrl> urls) {
        StringBuilder out = new StringBuilder();
        HttpUrl previous = null;
        for (HttpUrl u : urls) {
            if (previous != null) {
                out.append(" -> ");
            }
            boolean sameOrigin = previous != null
                    && previous.scheme().equals(u.scheme())
                    && previous.host().equals(u.host())
                    && previous.port() == u.port();
            out.append(sameOrigin ? u.encodedPath() + (u.encodedQuery() == null ? "" : "?" + u.encodedQuery()) : u);
            previous = u;
        }
        return out.toString();
    }

    private static EventListener listenerOf(Call call) {
        PhaseListener l = call.request().tag(PhaseListener.class);
        return l == null ? EventListener.NONE : l;
    }

    /** Gives every socket operation of a check the time left, not OkHttp's fixed defaults. */
    private static Response withDeadline(Interceptor.Chain chain) throws IOException {
        Deadline d = chain.request().tag(Deadline.class);
        if (d == null) {
            return chain.proceed(chain.request());
        }
        int ms = d.remainingMillis();
        return chain.withConnectTimeout(ms, TimeUnit.MILLISECONDS)
                .withReadTimeout(ms, TimeUnit.MILLISECONDS)
                .withWriteTimeout(ms, TimeUnit.MILLISECONDS)
                .proceed(chain.request());
    }

    /** Stops what this checker started; a shared client's own threads are its owner's to stop. */
    @Override
    public void close() {
        pools.forEach(ConnectionPool::evictAll);
        if (ownsBase) {
            base.dispatcher().executorService().shutdown();
        }
    }
}

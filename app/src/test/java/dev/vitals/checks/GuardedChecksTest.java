package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vitals.config.Environment;
import dev.vitals.configfile.ConfigFileReader;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.Origin;
import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.DnsResponder;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TcpServer;
import dev.vitals.testkit.TlsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restricted monitors of every kind against real servers on loopback, with loopback denied: each is
 * down with the guard's reason and its server never hears from it, while the same monitor written
 * by an admin (or in the file) is checked as usual.
 */
class GuardedChecksTest {
    private static final String LOOPBACK_DENIED =
            "127.0.0.1 is in a network checks may not reach" + " (127.0.0.0/8, security.deny_networks)";
    private static final String LOCALHOST_DENIED =
            "localhost (127.0.0.1) is in a network checks may not reach" + " (127.0.0.0/8, security.deny_networks)";
    private static SettableClock clock;
    private static Checkers checkers;
    private static CheckRunner runner;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        clock = new SettableClock(Instant.now());
        checkers = StandardCheckers.create(clock);
        runner = runnerDenying("127.0.0.0/8", "::1/128");
    }

    @AfterAll
    static void stop() {
        checkers.close();
    }

    private static CheckRunner runnerDenying(String... networks) {
        List<Cidr> denied =
                List.of(networks).stream().map(n -> Cidr.parse(n).orElseThrow()).toList();
        return new CheckRunner(clock, checkers, NetworkGuard.denying(denied));
    }

    /** A monitor as a file would declare it; the tests give it the origin they need. */
    private static Monitor monitor(String fields) {
        String yaml = "monitors:\n  - { id: m, timeout: 8s, slow: 5s, " + fields + " }\n";
        return new ConfigFileReader(Environment.of(Map.of()))
                .parse(Path.of("t.yaml"), yaml)
                .monitors()
                .get(0);
    }

    private static CheckResult restricted(Monitor m) {
        return restricted(runner, m);
    }

    private static CheckResult restricted(CheckRunner r, Monitor m) {
        return r.run(m.withOrigin(new Origin.Api(true)), Duration.ZERO);
    }

    private static CheckResult byAdmin(Monitor m) {
        return runner.run(m.withOrigin(new Origin.Api(false)), Duration.ZERO);
    }

    private static void assertDenied(CheckResult r, String reason) {
        assertThat(r.outcome()).isEqualTo(Outcome.DOWN);
        assertThat(r.reason()).contains(reason);
    }

    private static void assertUp(CheckResult r) {
        assertThat(r.reason()).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void httpToAHostNameThatResolvesToADeniedAddressIsDown() {
        try (var server = HttpTargets.http().on("/", Route.ok("ok"))) {
            Monitor m = monitor("kind: http, url: 'http://localhost:" + server.port() + "/'");

            assertDenied(restricted(m), LOCALHOST_DENIED);
            assertThat(server.received()).as("nothing reached the server").isEmpty();
            assertUp(byAdmin(m));
        }
    }

    @Test
    void httpToADeniedLiteralIsDownThoughOkHttpNeverAsksDnsForIt() {
        try (var server = HttpTargets.http().on("/", Route.ok("ok"))) {
            Monitor m = monitor("kind: http, url: '" + server.url("/") + "'");

            assertDenied(restricted(m), LOOPBACK_DENIED);
            assertThat(server.received()).isEmpty();
            assertUp(byAdmin(m));
        }
    }

    @Test
    void httpToAnIpv4MappedLiteralIsDown() {
        try (var server = HttpTargets.http().on("/", Route.ok("ok"))) {
            Monitor m = monitor("kind: http, url: 'http://[::ffff:127.0.0.1]:" + server.port() + "/'");

            assertDenied(restricted(m), LOOPBACK_DENIED);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void httpsIsRefusedBeforeTheHandshake() {
        Instant now = Instant.now();
        var leaf = Certificates.selfSigned(
                "localhost", now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), "127.0.0.1");
        try (var server = HttpTargets.https(leaf.serverContext()).on("/", Route.ok("ok"))) {
            Monitor m = monitor("kind: http, url: '" + server.url("/") + "', tls: { verify: false }");

            CheckResult r = restricted(m);
            assertDenied(r, LOOPBACK_DENIED);
            assertThat(r.certificateExpiry()).as("no handshake was made").isEmpty();
            assertUp(byAdmin(m));
        }
    }

    /**
     * Loopback is all there is in a test, so here only 127.0.0.2 is denied: the first hop, to
     * 127.0.0.1, is allowed, and its redirect to 127.0.0.2 must be caught on the second connect.
     */
    @Test
    void aRedirectFromAnAllowedAddressToADeniedOneIsDown() throws Exception {
        HttpServer denied = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        AtomicInteger deniedRequests = new AtomicInteger();
        denied.createContext("/secret", exchange -> {
            deniedRequests.incrementAndGet();
            byte[] body = "secret".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        denied.start();
        String target = "http://127.0.0.2:" + denied.getAddress().getPort() + "/secret";
        try (var allowed = HttpTargets.http().on("/go", Route.redirect(302, target))) {
            Monitor m = monitor("kind: http, url: '" + allowed.url("/go") + "'");

            assertDenied(
                    restricted(runnerDenying("127.0.0.2/32"), m),
                    "127.0.0.2 is in a network checks may not reach (127.0.0.2/32, security.deny_networks)");
            assertThat(allowed.received()).as("the first hop was made").hasSize(1);
            assertThat(deniedRequests).hasValue(0);

            CheckResult admins = runnerDenying("127.0.0.2/32").run(m.withOrigin(new Origin.Api(false)), Duration.ZERO);
            assertUp(admins);
            assertThat(deniedRequests).hasValue(1);
        } finally {
            denied.stop(0);
        }
    }

    @Test
    void tcpToADeniedAddressIsDownWithoutConnecting() {
        AtomicInteger accepted = new AtomicInteger();
        try (var server = TcpServer.start(s -> accepted.incrementAndGet())) {
            Monitor m = monitor("kind: tcp, host: 127.0.0.1, port: " + server.port());

            assertDenied(restricted(m), LOOPBACK_DENIED);
            assertThat(accepted).hasValue(0);
            assertUp(byAdmin(m));
        }
    }

    @Test
    void tcpByNameAndByIpv4MappedLiteralIsDown() {
        try (var server = TcpServer.banner("220 ready\r\n")) {
            assertDenied(restricted(monitor("kind: tcp, host: localhost, port: " + server.port())), LOCALHOST_DENIED);
            Monitor mapped = monitor("kind: tcp, host: '::ffff:127.0.0.1', port: " + server.port());
            assertDenied(restricted(mapped), LOOPBACK_DENIED);
            assertUp(byAdmin(mapped));
        }
    }

    @Test
    void tlsToADeniedAddressIsDown() {
        Instant now = Instant.now();
        Certificates.Authority ca = Certificates.authority("Guard CA");
        var leaf = ca.issue(
                "localhost", now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), "localhost", "127.0.0.1");
        Path caFile = ca.writePem(dir.resolve("ca.pem"));
        try (var server = TlsServer.serving(leaf)) {
            Monitor m = monitor("kind: tls, host: 127.0.0.1, port: " + server.port() + ", server_name: localhost,"
                    + " ca_file: '" + caFile + "'");

            CheckResult r = restricted(m);
            assertDenied(r, LOOPBACK_DENIED);
            assertThat(r.certificateExpiry()).isEmpty();
            assertUp(byAdmin(m));
        }
    }

    @Test
    void redisToADeniedAddressIsDown() {
        Monitor m = monitor("kind: redis, host: 127.0.0.1, port: 6379");

        assertDenied(restricted(m), LOOPBACK_DENIED);
        assertUp(byAdmin(m));
    }

    @Test
    void dnsAskedOfADeniedServerIsDownAndTheServerIsNotAsked() {
        try (var dns = DnsResponder.start().add("www.example.org", "A", "10.0.0.10")) {
            Monitor m = monitor("kind: dns, name: www.example.org, server: '127.0.0.1:" + dns.port() + "'");

            assertDenied(restricted(m), "DNS server " + LOOPBACK_DENIED);
            assertThat(dns.udpQueries() + dns.tcpQueries()).isZero();
            assertUp(byAdmin(m));
        }
    }

    @Test
    void sqlToADeniedHostIsDownBeforeTheDriverConnects() {
        Monitor m = monitor("kind: postgres, url: 'jdbc:postgresql://127.0.0.1:5432/test', user: postgres");

        assertDenied(restricted(m), LOOPBACK_DENIED);
        assertUp(byAdmin(m));
        assertDenied(
                restricted(monitor("kind: postgres, url: 'jdbc:postgresql://localhost:5432/test', user: postgres")),
                LOCALHOST_DENIED);
    }

    @Test
    void sqlWithTheHostInAParameterIsJudgedByThatHost() {
        // 192.0.2.1 is only what a lenient reading of the URL sees; the driver connects to PGHOST.
        Monitor m = monitor(
                "kind: postgres, url: 'jdbc:postgresql://192.0.2.1:5432/test?PGHOST=127.0.0.1'," + " user: postgres");

        assertDenied(restricted(m), LOOPBACK_DENIED);
        assertUp(byAdmin(m));
    }

    @Test
    void aFileMonitorIsNeverGuarded() {
        try (var server = HttpTargets.http().on("/", Route.ok("ok"))) {
            Monitor m = monitor("kind: http, url: '" + server.url("/") + "'");

            assertThat(m.origin()).isInstanceOf(Origin.File.class);
            assertUp(runner.run(m, Duration.ZERO));
        }
    }
}

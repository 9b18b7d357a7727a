package dev.vitals.checks.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.config.Secret;
import dev.vitals.monitors.RedisTarget;
import dev.vitals.monitors.RedisTarget.Expect;
import dev.vitals.testkit.CannedReplyServer;
import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.SilentServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisCheckerTest {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 6379;

    private final RedisChecker checker = new RedisChecker();
    private final String key = "vitals-test-" + System.nanoTime();

    @Test
    void pingIsUpWithPhaseTimings() {
        Probe p = check(target("PING"));

        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(p.timings().get(Phase.CONNECT)).isPresent();
        assertThat(p.timings().get(Phase.FIRST_BYTE)).isPresent();
        assertThat(p.timings().get(Phase.DNS))
                .as("an IP address needs no lookup")
                .isEmpty();
        assertThat(p.timings().get(Phase.TLS)).isEmpty();
    }

    @Test
    void aHostNameIsLookedUpAndTimed() {
        RedisTarget t = new RedisTarget(
                "localhost",
                PORT,
                Optional.empty(),
                Optional.empty(),
                0,
                false,
                List.of("PING"),
                Expect.NONE,
                Expect.NONE);

        assertThat(check(t).timings().get(Phase.DNS)).isPresent();
    }

    @Test
    void theReplyToACommandIsComparedExactly() {
        assertThat(check(target("SET " + key + " hello EX 60")).verdict()).isEqualTo(Verdict.PASSED);

        assertThat(check(target("GET " + key, reply("hello"))).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(reason(check(target("GET " + key, reply("bye")))))
                .isEqualTo("expected reply \"bye\", got \"hello\"");
        assertThat(reason(check(target("GET " + key + "-missing", reply("hello")))))
                .isEqualTo("expected reply \"hello\", got \"(nil)\"");
    }

    @Test
    void anArrayReplyIsJudgedOneElementPerLine() {
        check(target("RPUSH " + key + " a b c"));
        check(target("EXPIRE " + key + " 60"));

        assertThat(check(target("LRANGE " + key + " 0 -1", reply("a\nb\nc"))).verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void aReplyThatLacksTheWantedTextIsDownOrDegraded() {
        Expect contains = new Expect(Optional.empty(), Optional.of("redis_version"));
        Expect nope = new Expect(Optional.empty(), Optional.of("no such text"));

        assertThat(check(target("INFO server", contains)).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(reason(check(target("PING", nope))))
                .isEqualTo("reply does not contain \"no such text\" (got \"PONG\")");
        assertThat(check(new RedisTarget(
                                HOST,
                                PORT,
                                Optional.empty(),
                                Optional.empty(),
                                0,
                                false,
                                List.of("PING"),
                                Expect.NONE,
                                nope))
                        .verdict())
                .isEqualTo(new Verdict.Warned("reply does not contain \"no such text\" (got \"PONG\")"));
    }

    @Test
    void anUnknownCommandIsDownWithRedissWords() {
        assertThat(reason(check(target("NOSUCHCOMMAND x"))))
                .startsWith("Redis replied with an error: ERR unknown command 'NOSUCHCOMMAND'");
    }

    @Test
    void aPasswordTheServerDoesNotWantIsDownWithoutShowingIt() {
        // This server has no password; the default user takes any (so AUTH default x passes) but a
        // bare AUTH is an error, and so is an unknown user.
        assertThat(reason(check(auth(Optional.empty(), "sekret-123"))))
                .startsWith("authentication failed: ERR AUTH <password> called without any password")
                .doesNotContain("sekret-123");
        assertThat(reason(check(auth(Optional.of("nobody"), "sekret-123"))))
                .startsWith("authentication failed: WRONGPASS")
                .doesNotContain("sekret-123");
        assertThat(check(auth(Optional.of("default"), "sekret-123")).verdict()).isEqualTo(Verdict.PASSED);
    }

    private static RedisTarget auth(Optional<String> username, String password) {
        return new RedisTarget(
                HOST,
                PORT,
                username,
                Optional.of(new Secret(password)),
                0,
                false,
                List.of("PING"),
                Expect.NONE,
                Expect.NONE);
    }

    @Test
    void anotherDatabaseIsSelected() {
        RedisTarget set = database(1, "SET " + key + " in-one EX 60", Expect.NONE);
        RedisTarget get = database(1, "GET " + key, reply("in-one"));

        assertThat(check(set).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(check(get).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(reason(check(target("GET " + key, reply("in-one")))))
                .as("database 0 does not have it")
                .isEqualTo("expected reply \"in-one\", got \"(nil)\"");
    }

    @Test
    void aDatabaseThatDoesNotExistIsDownInWords() {
        assertThat(reason(check(database(999_999, "PING", Expect.NONE))))
                .isEqualTo("could not select database 999999: ERR DB index is out of range");
    }

    @Test
    void aClosedPortIsRefusedInWords() {
        int port = SilentServer.closedPort();
        RedisTarget t = new RedisTarget(
                HOST, port, Optional.empty(), Optional.empty(), 0, false, List.of("PING"), Expect.NONE, Expect.NONE);

        assertThat(reason(check(t))).isEqualTo("connection refused while connecting to 127.0.0.1:" + port);
    }

    @Test
    void aServerThatSaysNothingIsCutAtTheTimeout() {
        try (SilentServer silent = new SilentServer()) {
            RedisTarget t = new RedisTarget(
                    HOST,
                    silent.port(),
                    Optional.empty(),
                    Optional.empty(),
                    0,
                    false,
                    List.of("PING"),
                    Expect.NONE,
                    Expect.NONE);
            long start = System.nanoTime();

            Probe p = checker.check(t, Deadline.in(Duration.ofMillis(300)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(800));
            assertThat(reason(p)).startsWith("timed out after ").endsWith("while waiting for the reply to PING");
        }
    }

    @Test
    void aServerThatIsNotRedisIsNamed() {
        try (CannedReplyServer web = new CannedReplyServer("HTTP/1.1 400 Bad Request\r\n\r\n")) {
            RedisTarget t = new RedisTarget(
                    HOST,
                    web.port(),
                    Optional.empty(),
                    Optional.empty(),
                    0,
                    false,
                    List.of("PING"),
                    Expect.NONE,
                    Expect.NONE);

            assertThat(reason(check(t)))
                    .isEqualTo("not a Redis reply (it starts with 'H') while reading the reply to PING");
        }
    }

    @Test
    void overTlsTheCertificateIsCheckedAndItsExpiryKept() {
        Instant notAfter = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Certificates.Authority ca = Certificates.authority("Test CA");
        Certificates.Leaf leaf = ca.issue("redis", Instant.now().minus(1, ChronoUnit.DAYS), notAfter, "127.0.0.1");
        try (CannedReplyServer redis = new CannedReplyServer("+PONG\r\n", Optional.of(leaf.serverContext()))) {
            RedisTarget t = new RedisTarget(
                    HOST,
                    redis.port(),
                    Optional.empty(),
                    Optional.empty(),
                    0,
                    true,
                    List.of("PING"),
                    Expect.NONE,
                    Expect.NONE);

            Probe trusted = new RedisChecker(ca.clientContext().getSocketFactory())
                    .check(t, Deadline.in(Duration.ofSeconds(5)));
            Probe untrusted = check(t);

            assertThat(trusted.verdict()).isEqualTo(Verdict.PASSED);
            assertThat(trusted.timings().get(Phase.TLS)).isPresent();
            assertThat(trusted.certificateExpiry()).contains(notAfter);
            assertThat(reason(untrusted)).startsWith("TLS handshake failed: certificate not trusted");
        }
    }

    private Probe check(RedisTarget target) {
        return checker.check(target, Deadline.in(Duration.ofSeconds(5)));
    }

    private static String reason(Probe p) {
        return switch (p.verdict()) {
            case Verdict.Failed f -> f.reason();
            case Verdict.Warned w -> "warned: " + w.reason();
            case Verdict.Passed ok -> "passed";
        };
    }

    private static Expect reply(String text) {
        return new Expect(Optional.of(text), Optional.empty());
    }

    private static RedisTarget target(String command) {
        return target(command, Expect.NONE);
    }

    private static RedisTarget target(String command, Expect expect) {
        return new RedisTarget(
                HOST,
                PORT,
                Optional.empty(),
                Optional.empty(),
                0,
                false,
                Arrays.asList(command.split(" ")),
                expect,
                Expect.NONE);
    }

    private static RedisTarget database(int database, String command, Expect expect) {
        return new RedisTarget(
                HOST,
                PORT,
                Optional.empty(),
                Optional.empty(),
                database,
                false,
                Arrays.asList(command.split(" ")),
                expect,
                Expect.NONE);
    }
}

package dev.vitals.checks.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.config.Secret;
import dev.vitals.monitors.SqlTarget;
import dev.vitals.monitors.SqlTarget.Engine;
import dev.vitals.monitors.SqlTarget.Expect;
import dev.vitals.testkit.SilentServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlCheckerTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test";
    private static final String MYSQL = "jdbc:mysql://127.0.0.1:3306/test";

    private final SqlChecker checker = new SqlChecker();

    @Test
    void selectOnePassesOnPostgresWithPhaseTimings() {
        Probe p = check(pg("select 1"));

        assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(p.timings().get(Phase.CONNECT)).isPresent();
        assertThat(p.timings().get(Phase.FIRST_BYTE)).isPresent();
        assertThat(p.timings().get(Phase.TRANSFER)).isPresent();
        assertThat(p.latency()).isPositive();
    }

    @Test
    void selectOnePassesOnMariadbUnderBothSchemes() {
        assertThat(check(my(MARIADB, "select 1")).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(check(my(MYSQL, "select 1")).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void theExpectedValueIsComparedAsText() {
        assertThat(check(pg("select 1", value("1"))).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(check(my(MYSQL, "select 'ok'", value("ok"))).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(reason(check(pg("select 0", value("1"))))).isEqualTo("expected value \"1\", got \"0\"");
        assertThat(reason(check(my(MARIADB, "select 0", value("1"))))).isEqualTo("expected value \"1\", got \"0\"");
    }

    @Test
    void nullAndBooleansReadAsWordsPeopleWrite() {
        assertThat(check(pg("select null", value("null"))).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(check(pg("select 1 = 1", value("true"))).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void aValueExpectedFromAQueryWithoutRowsIsDown() {
        assertThat(reason(check(pg("select 1 where false", value("1"))))).isEqualTo("query returned no rows");
    }

    @Test
    void fewerRowsThanWantedIsDownAndEnoughPass() {
        Expect three = new Expect(Optional.empty(), Optional.of(3L));

        assertThat(reason(check(pg("select * from generate_series(1, 1)", three))))
                .isEqualTo("expected at least 3 rows, got 1");
        assertThat(check(pg("select * from generate_series(1, 5)", three)).verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(check(my(MARIADB, "select 1 union all select 2 union all select 3", three))
                        .verdict())
                .isEqualTo(Verdict.PASSED);
    }

    @Test
    void theRowCapGrowsToWhatRowsAtLeastAsks() {
        String fiftyThousand = "select * from generate_series(1, 50000)";

        assertThat(check(pg(fiftyThousand, new Expect(Optional.empty(), Optional.of(SqlRun.ROW_CAP * 2L))))
                        .verdict())
                .isEqualTo(Verdict.PASSED);
        assertThat(reason(check(pg(fiftyThousand, new Expect(Optional.empty(), Optional.of(60_000L))))))
                .isEqualTo("expected at least 60000 rows, got 50000");
    }

    @Test
    void aWarningThatDoesNotHoldIsDegraded() {
        SqlTarget t = new SqlTarget(
                Engine.POSTGRES, PG, Optional.of("postgres"), Optional.empty(), "select 2", Expect.NONE, value("1"));

        assertThat(check(t).verdict()).isEqualTo(new Verdict.Warned("expected value \"1\", got \"2\""));
    }

    @Test
    void aSyntaxErrorIsDownWithTheServersWords() {
        assertThat(reason(check(pg("selec 1")))).startsWith("query failed: syntax error at or near \"selec\"");
        assertThat(reason(check(my(MARIADB, "selec 1"))))
                .startsWith("query failed: You have an error in your SQL syntax");
    }

    @Test
    void anUnknownDatabaseIsDownInWords() {
        assertThat(reason(check(pg("jdbc:postgresql://127.0.0.1:5432/no_such_db", "select 1"))))
                .isEqualTo("database \"no_such_db\" does not exist");
        assertThat(reason(check(my("jdbc:mysql://127.0.0.1:3306/no_such_db", "select 1"))))
                .isEqualTo("database \"no_such_db\" does not exist");
    }

    @Test
    void aClosedPortIsRefusedInWords() {
        int port = SilentServer.closedPort();

        assertThat(reason(check(pg("jdbc:postgresql://127.0.0.1:" + port + "/test", "select 1"))))
                .isEqualTo("could not connect to 127.0.0.1:" + port + ": connection refused");
        assertThat(reason(check(my("jdbc:mysql://127.0.0.1:" + port + "/test", "select 1"))))
                .isEqualTo("could not connect to 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aSlowQueryIsCutAtTheTimeout() {
        assertCutAt(pg("select pg_sleep(5)"), Duration.ofMillis(500), "while running the query");
        assertCutAt(my(MARIADB, "select sleep(5)"), Duration.ofMillis(500), "while running the query");
    }

    @Test
    void aQueryCutAtTheTimeoutDoesNotGoOnRunningOnTheServer() throws Exception {
        String marker = "vitals_cut_" + System.nanoTime();
        assertCutAt(pg("select pg_sleep(5) as " + marker), Duration.ofMillis(300), "while running the query");
        assertCutAt(my(MARIADB, "select sleep(5) as " + marker), Duration.ofMillis(300), "while running the query");

        String pgRunning = "select count(*) from pg_stat_activity where query like '%as " + marker + "'";
        String myRunning = "select count(*) from information_schema.processlist where info like '%as " + marker + "'";
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while ((running(PG + "?user=postgres", pgRunning) > 0 || running(MARIADB + "?user=root", myRunning) > 0)
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(running(PG + "?user=postgres", pgRunning)).isZero();
        assertThat(running(MARIADB + "?user=root", myRunning)).isZero();
    }

    private static long running(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aServerThatSaysNothingIsCutAtTheTimeout() {
        try (SilentServer silent = new SilentServer()) {
            String where = "while connecting to 127.0.0.1:" + silent.port();
            assertCutAt(
                    pg("jdbc:postgresql://127.0.0.1:" + silent.port() + "/test", "select 1"),
                    Duration.ofMillis(300),
                    where);
            assertCutAt(
                    my("jdbc:mysql://127.0.0.1:" + silent.port() + "/test", "select 1"), Duration.ofMillis(300), where);
        }
    }

    @Test
    void aWrongPasswordFailsAuthenticationWithoutShowingIt() {
        SqlTarget t = new SqlTarget(
                Engine.MYSQL,
                MARIADB,
                Optional.of("root"),
                Optional.of(new Secret("sekret-123")),
                "select 1",
                Expect.NONE,
                Expect.NONE);

        assertThat(reason(check(t))).isEqualTo("authentication failed for user \"root\"");
    }

    @Test
    void aPasswordInTheUrlNeverReachesTheReason() {
        Probe p = check(my(MARIADB + "?user=root&password=sekret-123", "select 1"));

        assertThat(reason(p)).isEqualTo("authentication failed for user \"root\"");
    }

    @Test
    void aPasswordEchoedByTheServerIsCutOut() {
        SqlTarget t = new SqlTarget(
                Engine.POSTGRES,
                PG,
                Optional.of("postgres"),
                Optional.of(new Secret("sekret-123")),
                "select \"sekret-123\"",
                Expect.NONE,
                Expect.NONE);

        assertThat(reason(check(t))).isEqualTo("query failed: column \"******\" does not exist");
    }

    private void assertCutAt(SqlTarget target, Duration timeout, String where) {
        long start = System.nanoTime();
        Probe p = checker.check(target, Deadline.in(timeout));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(reason(p)).startsWith("timed out after ").endsWith(where);
        assertThat(took).isLessThan(timeout.plusMillis(700));
    }

    private Probe check(SqlTarget target) {
        return checker.check(target, Deadline.in(Duration.ofSeconds(5)));
    }

    private static String reason(Probe p) {
        return switch (p.verdict()) {
            case Verdict.Failed f -> f.reason();
            case Verdict.Warned w -> "warned: " + w.reason();
            case Verdict.Passed ok -> "passed";
        };
    }

    private static Expect value(String v) {
        return new Expect(Optional.of(v), Optional.empty());
    }

    private static SqlTarget pg(String query) {
        return pg(PG, query);
    }

    private static SqlTarget pg(String query, Expect expect) {
        return new SqlTarget(
                Engine.POSTGRES, PG, Optional.of("postgres"), Optional.empty(), query, expect, Expect.NONE);
    }

    private static SqlTarget pg(String url, String query) {
        return new SqlTarget(
                Engine.POSTGRES, url, Optional.of("postgres"), Optional.empty(), query, Expect.NONE, Expect.NONE);
    }

    private static SqlTarget my(String url, String query) {
        return my(url, query, Expect.NONE);
    }

    private static SqlTarget my(String url, String query, Expect expect) {
        Optional<String> user = url.contains("user=") ? Optional.empty() : Optional.of("root");
        return new SqlTarget(Engine.MYSQL, url, user, Optional.empty(), query, expect, Expect.NONE);
    }
}

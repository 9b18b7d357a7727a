package dev.vitals.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.testkit.PingServer;
import dev.vitals.testkit.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The nightly backup job, driven by the script's clock: what it pings, when, and over real HTTP. */
class BackupJobTest {
    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final List<BackupJob.Ping> sent = new ArrayList<>();

    private List<BackupJob.Ping> tickAt(BackupJob job, int minutes, int seconds) {
        clock.set(START.plus(Duration.ofMinutes(minutes).plusSeconds(seconds)));
        return job.tick(sent::add);
    }

    private static List<String> actions(List<BackupJob.Ping> pings) {
        return pings.stream().map(BackupJob.Ping::action).toList();
    }

    @Test
    void eachMinuteARunStartsTenSecondsInAndEndsWithExitZeroAndItsLogFifteenSecondsLater() {
        BackupJob job = new BackupJob(Script.office(clock, 1), "test");
        assertThat(tickAt(job, 0, 0)).isEmpty();
        assertThat(tickAt(job, 0, 9)).isEmpty();
        List<BackupJob.Ping> start = tickAt(job, 0, 10);
        assertThat(actions(start)).containsExactly("start");
        assertThat(tickAt(job, 0, 24)).isEmpty();
        List<BackupJob.Ping> end = tickAt(job, 0, 25);
        assertThat(end).containsExactly(new BackupJob.Ping("0", start.get(0).rid(), BackupJob.SUCCESS_LOG));
        assertThat(end.get(0).log()).contains("backed up 1,204 files, 3.1 GB");
        assertThat(tickAt(job, 1, 9)).isEmpty();
        List<BackupJob.Ping> next = tickAt(job, 1, 30);
        assertThat(actions(next)).containsExactly("start", "0");
        assertThat(next.get(0).rid())
                .isEqualTo(next.get(1).rid())
                .isNotEqualTo(start.get(0).rid());
    }

    @Test
    void inTheThirdMinuteTheRunFailsInTheFifthItIsSilentAndInTheSixthItSucceedsAgain() {
        BackupJob job = new BackupJob(Script.office(clock, 1), "test");
        tickAt(job, 2, 0);
        assertThat(actions(tickAt(job, 2, 10))).containsExactly("start");
        List<BackupJob.Ping> failed = tickAt(job, 2, 25);
        assertThat(actions(failed)).containsExactly("1");
        assertThat(failed.get(0).log()).contains("the tape library did not answer");
        assertThat(actions(tickAt(job, 3, 30))).containsExactly("start", "0");
        tickAt(job, 4, 0);
        for (int s = 1; s < 60; s++) {
            assertThat(tickAt(job, 4, s)).as("4:%02d", s).isEmpty();
        }
        assertThat(actions(tickAt(job, 5, 30))).containsExactly("start", "0");
        // The next cycle tells the same story: the run at 8:10 is its third minute's.
        assertThat(actions(tickAt(job, 7, 30))).containsExactly("start", "0", "start", "0");
        assertThat(actions(tickAt(job, 8, 30))).containsExactly("start", "1");
    }

    @Test
    void aFastScriptRunsTheJobAsOftenAsItsMinutesComeAndSendsEveryPingInOrder() {
        // Speed 12: the six minutes take 30 s; ticks of 250 ms, as in the demo.
        BackupJob job = new BackupJob(Script.office(clock, 12), "test");
        for (int ms = 0; ms <= 30_000; ms += 250) {
            clock.set(START.plusMillis(ms));
            job.tick(sent::add);
        }
        assertThat(actions(sent)).containsExactly("start", "0", "start", "0", "start", "1", "start", "0", "start", "0");
        assertThat(sent.stream().map(BackupJob.Ping::rid).distinct()).hasSize(5);
        // One late tick that spans two minutes sends all their pings, oldest first.
        sent.clear();
        clock.set(START.plusMillis(30_000 + 10_000));
        job.tick(sent::add);
        assertThat(actions(sent)).containsExactly("start", "0", "start", "0");
    }

    @Test
    void runIdsDifferBetweenStartsOfTheDemo() {
        BackupJob first = new BackupJob(Script.office(clock, 1), "2026-11-24T09:00:00Z");
        BackupJob second = new BackupJob(Script.office(clock, 1), "2026-11-24T10:00:00Z");
        clock.set(START.plusSeconds(30));
        UUID a = first.tick(p -> {}).get(0).rid();
        UUID b = second.tick(p -> {}).get(0).rid();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void theHttpSenderPostsToThePingUrlOfTheKeyWithTheRunIdAndTheLogAsBody() throws Exception {
        try (PingServer server = PingServer.start();
                HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create(server.url("x").replaceFirst("/ping/x$", ""));
            BackupJob.Sender sender = BackupJob.http(base, http);
            UUID rid = UUID.fromString("0b6f8a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b");
            sender.send(new BackupJob.Ping("start", rid, ""));
            sender.send(new BackupJob.Ping("1", rid, BackupJob.FAILURE_LOG));
            // An answer other than 200 is logged, not thrown: the demo goes on.
            server.answerNext(503);
            sender.send(new BackupJob.Ping("0", rid, BackupJob.SUCCESS_LOG));

            List<PingServer.Ping> got = server.pings();
            assertThat(got)
                    .extracting(PingServer.Ping::path)
                    .containsExactly(
                            "/ping/" + BackupJob.KEY + "/start",
                            "/ping/" + BackupJob.KEY + "/1",
                            "/ping/" + BackupJob.KEY + "/0");
            assertThat(got).allSatisfy(p -> assertThat(p.param("rid")).contains(rid.toString()));
            assertThat(got.get(1).body()).isEqualTo(BackupJob.FAILURE_LOG);
            assertThat(got.get(2).method()).isEqualTo("POST");
        }
    }

    @Test
    void theDemoPingsItsOwnVitalsOnLoopbackWhenItListensEverywhere() {
        assertThat(Demo.selfUrl("0.0.0.0", 8080)).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(Demo.selfUrl("::", 8080)).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(Demo.selfUrl("127.0.0.1", 9000)).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(Demo.selfUrl("::1", 9000)).isEqualTo(URI.create("http://[::1]:9000"));
    }
}

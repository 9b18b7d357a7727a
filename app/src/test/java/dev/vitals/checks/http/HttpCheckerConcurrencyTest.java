package dev.vitals.checks.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Deadline;
import dev.vitals.checks.Phase;
import dev.vitals.checks.Probe;
import dev.vitals.checks.Verdict;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.testkit.HttpTargets;
import dev.vitals.testkit.HttpTargets.Route;
import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The scheduler runs many checks at once on virtual threads; one checker must serve them all. */
class HttpCheckerConcurrencyTest {
    @Test
    void twoHundredConcurrentChecksOnVirtualThreadsAllPass() throws Exception {
        try (HttpTargets server = HttpTargets.http().on("/", Route.json("{\"status\":\"up\"}"));
                HttpChecker checker = new HttpChecker(SettableClock.at("2026-03-01T00:00:00Z"));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpTarget target = Targets.get(server.url("/"))
                    .expect(Targets.expect().status(200).json("$.status", "up"))
                    .build();
            // Warm up class loading first, so that the 200 measure the checker, not the JVM.
            checker.check(target, Deadline.in(Duration.ofSeconds(5)));
            List<Future<Probe>> probes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                probes.add(threads.submit(() -> checker.check(target, Deadline.in(Duration.ofSeconds(20)))));
            }
            for (Future<Probe> f : probes) {
                Probe p = f.get();
                assertThat(p.verdict()).isEqualTo(Verdict.PASSED);
                assertThat(p.timings().get(Phase.CONNECT)).isPresent();
            }
            assertThat(server.received()).hasSize(201);
        }
    }
}

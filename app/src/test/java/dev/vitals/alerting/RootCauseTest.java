package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.evaluation.State;
import dev.vitals.monitors.Confirm;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.Origin;
import dev.vitals.monitors.TcpTarget;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RootCauseTest {
    private final Map<String, Monitor> monitors = new HashMap<>();
    private final Map<String, State> states = new HashMap<>();
    private final RootCause cause =
            new RootCause(id -> Optional.ofNullable(monitors.get(id)), id -> states.getOrDefault(id, State.UP));

    private void monitor(String id, State state, String... dependsOn) {
        monitors.put(
                id,
                new Monitor(
                        id,
                        id,
                        Optional.empty(),
                        new TcpTarget("127.0.0.1", 9, Optional.empty(), TcpTarget.Expect.NONE, TcpTarget.Expect.NONE),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1),
                        Confirm.DEFAULT,
                        Map.of(),
                        false,
                        new Origin.Api(false),
                        List.of(dependsOn)));
        states.put(id, state);
    }

    @Test
    void aThousandMonitorsBehindOneFailedSwitchHaveOneRoot() {
        monitor("switch", State.DOWN);
        for (int i = 0; i < 1000; i++) {
            monitor("pc" + i, State.DOWN, "switch");
        }
        long roots = monitors.keySet().stream()
                .filter(id -> states.get(id) == State.DOWN && cause.of(id).isEmpty())
                .count();
        assertThat(roots).isEqualTo(1);
        assertThat(cause.of("pc42")).hasValue("switch");
        assertThat(cause.of("switch")).isEmpty();
    }

    @Test
    void theTopMostMonitorDownIsTheCause() {
        monitor("core", State.DOWN);
        monitor("switch", State.DOWN, "core");
        monitor("app", State.DOWN, "switch");
        assertThat(cause.of("app")).hasValue("core");
        assertThat(cause.of("switch")).hasValue("core");
        // Once the core is back, the switch is the root again.
        states.put("core", State.UP);
        assertThat(cause.of("app")).hasValue("switch");
    }

    @Test
    void onlyAMonitorThatIsDownCausesTrouble() {
        monitor("db", State.DEGRADED);
        monitor("unknown", State.UNKNOWN);
        monitor("app", State.DOWN, "db", "unknown", "missing");
        assertThat(cause.of("app")).isEmpty();
    }

    @Test
    void aCircleDoesNotLoopForever() {
        monitor("a", State.DOWN, "b");
        monitor("b", State.DOWN, "a");
        monitor("c", State.DOWN, "a");
        assertThat(cause.of("c")).isPresent();
        assertThat(cause.of("a")).hasValue("b");
    }
}

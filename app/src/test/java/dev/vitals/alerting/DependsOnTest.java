package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.configfile.ConfigFileReader;
import dev.vitals.monitors.MonitorException;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code depends_on} of monitors: read from the file and the API, and checked as a whole. */
class DependsOnTest {
    private final ConfigFileReader reader = new ConfigFileReader(Environment.of(Map.of()));

    @Test
    void aFileDeclaresWhatEachMonitorNeeds() {
        var c = reader.parse(Path.of("c.yaml"), """
                monitors:
                  - { id: switch, kind: tcp, host: 127.0.0.1, port: 9 }
                  - { id: app, kind: tcp, host: 127.0.0.1, port: 9, depends_on: [switch] }
                """);
        assertThat(c.monitors().get(1).dependsOn()).containsExactly("switch");
        assertThat(c.monitors().get(1).render()).containsEntry("depends_on", List.of("switch"));
        assertThat(c.monitors().get(0).render()).doesNotContainKey("depends_on");
    }

    @Test
    void alertOnIsReadRenderedAndCheckedWhereItIsWritten() {
        var c = reader.parse(Path.of("c.yaml"), """
                monitors:
                  - { id: erp, kind: tcp, host: 127.0.0.1, port: 9, alert_on: degraded }
                  - { id: wiki, kind: tcp, host: 127.0.0.1, port: 9 }
                """);
        assertThat(c.monitors().get(0).alertOn()).isEqualTo(dev.vitals.monitors.AlertOn.DEGRADED);
        assertThat(c.monitors().get(0).render()).containsEntry("alert_on", "degraded");
        assertThat(c.monitors().get(1).alertOn()).isEqualTo(dev.vitals.monitors.AlertOn.DOWN);
        assertThat(c.monitors().get(1).render()).doesNotContainKey("alert_on");
        try {
            reader.parse(Path.of("c.yaml"), """
                    monitors:
                      - { id: erp, kind: tcp, host: 127.0.0.1, port: 9, alert_on: slow }
                    """);
            throw new AssertionError("expected a problem");
        } catch (ConfigException e) {
            assertThat(e.problems())
                    .extracting(Problem::toString)
                    .singleElement()
                    .asString()
                    .startsWith("c.yaml:2:")
                    .contains("\"slow\" is not one of degraded, down");
        }
    }

    @Test
    void unknownMonitorsAndCirclesAreRefusedWhereTheyAreWritten() {
        try {
            reader.parse(Path.of("c.yaml"), """
                    monitors:
                      - { id: a, kind: tcp, host: 127.0.0.1, port: 9, depends_on: [b] }
                      - { id: b, kind: tcp, host: 127.0.0.1, port: 9, depends_on: [a] }
                      - { id: c, kind: tcp, host: 127.0.0.1, port: 9, depends_on: [nowhere] }
                      - { id: d, kind: tcp, host: 127.0.0.1, port: 9, depends_on: [d] }
                    """);
            throw new AssertionError("expected problems");
        } catch (ConfigException e) {
            assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactlyInAnyOrder(
                            "c.yaml:2:63: depends_on goes round in a circle: a → b → a",
                            "c.yaml:3:63: depends_on goes round in a circle: b → a → b",
                            "c.yaml:4:63: depends_on names \"nowhere\", which is not a monitor here",
                            "c.yaml:5:63: a monitor cannot depend on itself");
        }
    }

    @Test
    void theApiRefusesAMissingMonitorOrACircle(@TempDir Path dir) {
        try (TestDatabases.Handle h = TestDatabases.open("sqlite", dir);
                Database db = h.open()) {
            MonitorRegistry r = new MonitorRegistry(db, SettableClock.at("2026-11-25T10:00:00Z"));
            r.create("{\"id\": \"switch\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9}");
            r.create(
                    "{\"id\": \"app\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9, \"depends_on\": [\"switch\"]}");
            assertThat(r.get("app").orElseThrow().dependsOn()).containsExactly("switch");
            assertThatThrownBy(
                            () -> r.create(
                                    "{\"id\": \"x\", \"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9, \"depends_on\": [\"gone\"]}"))
                    .isInstanceOf(MonitorException.class)
                    .hasMessageContaining("depends_on names \"gone\"");
            assertThatThrownBy(() -> r.update(
                            "switch",
                            "{\"kind\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": 9, \"depends_on\": [\"app\"]}"))
                    .isInstanceOf(MonitorException.class)
                    .hasMessageContaining("circle");
            assertThat(r.get("x")).isEmpty();
            assertThat(r.get("switch").orElseThrow().dependsOn()).isEmpty();
        }
    }
}

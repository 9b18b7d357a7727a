package dev.vitals.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.config.Environment;
import dev.vitals.configfile.ConfigFileReader;
import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Whether a non-admin wrote a monitor last is kept with it, on both databases, across restarts. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class RestrictedMonitorsTest {
    private static final String WEB = """
            {"id": "web", "kind": "http", "url": "http://127.0.0.1:9/"}
            """;
    private static final String WEB_CHANGED = """
            {"id": "web", "kind": "http", "url": "http://127.0.0.1:9/health"}
            """;

    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    final SettableClock clock = SettableClock.at("2026-11-24T10:00:00Z");

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    private static boolean restricted(Monitor m) {
        return m.origin() instanceof Origin.Api a && a.restricted();
    }

    /** The registry a restart would build from the same database. */
    private MonitorRegistry reloaded() {
        MonitorRegistry r = new MonitorRegistry(db, clock);
        r.loadApiMonitors();
        return r;
    }

    private boolean storedRestricted(String id) {
        return db.read(c -> Sql.one(c, "SELECT restricted FROM monitors WHERE id = ?", rs -> rs.getBoolean(1), id)
                .orElseThrow());
    }

    @Test
    void aMonitorANonAdminCreatedIsStillRestrictedAfterARestart() {
        MonitorRegistry registry = new MonitorRegistry(db, clock);
        registry.create(WEB, true);
        registry.create("""
                {"id": "admins", "kind": "tcp", "host": "127.0.0.1", "port": 9}
                """);

        assertThat(restricted(registry.get("web").orElseThrow())).isTrue();
        MonitorRegistry after = reloaded();
        assertThat(restricted(after.get("web").orElseThrow())).isTrue();
        assertThat(restricted(after.get("admins").orElseThrow()))
                .as("create(json) is an admin's")
                .isFalse();
    }

    @Test
    void whoeverChangedAMonitorLastDecidesWhetherItIsRestricted() {
        MonitorRegistry registry = new MonitorRegistry(db, clock);
        registry.create(WEB, false);

        registry.update("web", WEB_CHANGED, true);
        assertThat(restricted(registry.get("web").orElseThrow())).isTrue();
        assertThat(restricted(reloaded().get("web").orElseThrow())).isTrue();

        registry.update("web", WEB_CHANGED, false);
        assertThat(restricted(registry.get("web").orElseThrow())).isFalse();
        assertThat(restricted(reloaded().get("web").orElseThrow())).isFalse();
    }

    @Test
    void listenersHearOfAChangeInRestrictionAloneSoTheSchedulerChecksTheNewMonitor() {
        MonitorRegistry registry = new MonitorRegistry(db, clock);
        registry.create(WEB, false);
        List<Monitor> changed = new ArrayList<>();
        registry.addListener(new MonitorListener() {
            @Override
            public void added(Monitor m) {}

            @Override
            public void changed(Monitor before, Monitor after) {
                changed.add(after);
            }

            @Override
            public void removed(Monitor m) {}
        });

        registry.update("web", WEB, true);

        assertThat(changed)
                .singleElement()
                .satisfies(m -> assertThat(restricted(m)).isTrue());
    }

    @Test
    void aFileMonitorThatTakesTheIdOfARemovedRestrictedOneIsNotRestricted() {
        MonitorRegistry registry = new MonitorRegistry(db, clock);
        registry.create(WEB, true);
        registry.delete("web");
        List<Monitor> file = new ConfigFileReader(Environment.of(Map.of()))
                .parse(Path.of("vitals.yaml"), "monitors:\n  - { id: web, kind: tcp, host: 127.0.0.1, port: 9 }\n")
                .monitors();

        registry.applyFile(file);

        assertThat(registry.get("web").orElseThrow().origin()).isInstanceOf(Origin.File.class);
        assertThat(storedRestricted("web")).isFalse();
    }
}

package dev.vitals.monitors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorRegistryTest {
    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    MonitorRegistry registry;

    @BeforeEach
    void open() {
        handle = TestDatabases.open("sqlite", dir);
        db = handle.open();
        registry = new MonitorRegistry(db, SettableClock.at("2026-11-24T10:00:00Z"));
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    private String stored(String id) {
        return db.read(c -> MonitorTable.definition(c, id)).orElseThrow();
    }

    @Test
    void aMonitorSentBackAsTheApiShowedItKeepsItsMaskedSecrets() throws Exception {
        registry.create("""
                {"id": "web", "kind": "http", "url": "http://127.0.0.1:9/",
                 "headers": {"Authorization": "Bearer tok123", "Accept": "text/plain"}}
                """);
        registry.create("""
                {"id": "db", "kind": "postgres",
                 "url": "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=topsecret"}
                """);
        ObjectMapper json = new ObjectMapper();
        for (String id : new String[] {"web", "db"}) {
            Map<String, Object> shown = registry.get(id).orElseThrow().render();
            assertThat(json.writeValueAsString(shown)).doesNotContain("tok123").doesNotContain("topsecret");
            registry.update(id, json.writeValueAsString(shown));
        }
        assertThat(stored("web")).contains("Bearer tok123").contains("text/plain");
        assertThat(stored("db")).contains("password=topsecret");
    }

    @Test
    void aNewValueForAMaskedHeaderReplacesTheOldOne() {
        registry.create("""
                {"id": "web", "kind": "http", "url": "http://127.0.0.1:9/", "headers": {"Authorization": "Bearer old"}}
                """);
        registry.update("web", """
                {"kind": "http", "url": "http://127.0.0.1:9/", "headers": {"Authorization": "Bearer new"}}
                """);
        assertThat(stored("web"))
                .contains("Bearer new")
                .doesNotContain("Bearer old")
                .contains("\"id\"");
    }

    @Test
    void aSecretInAnHttpUrlIsShownMaskedAndKeptWhenTheShownUrlIsSentBack() throws Exception {
        registry.create("""
                {"id": "hook", "kind": "http", "url": "https://user:pw123@hooks.example.org/in?token=abc123&x=1"}
                """);
        Monitor m = registry.get("hook").orElseThrow();
        String shown = (String) m.render().get("url");
        assertThat(shown).doesNotContain("abc123").doesNotContain("pw123").contains("x=1");
        assertThat(m.target().describe()).doesNotContain("abc123").doesNotContain("pw123");
        registry.update("hook", "{\"kind\": \"http\", \"url\": \"" + shown + "\"}");
        assertThat(stored("hook")).contains("token=abc123").contains("user:pw123@");
    }

    @Test
    void secretsStayWithTheServerTheyWereGivenFor() throws Exception {
        registry.create("""
                {"id": "api", "kind": "http", "url": "https://api.example.org/health",
                 "headers": {"Authorization": "Bearer SUPERSECRET"}}
                """);
        // Another path on the same server keeps the masked header.
        registry.update("api", """
                {"kind": "http", "url": "https://api.example.org/ready", "headers": {"Authorization": "******"}}
                """);
        assertThat(stored("api")).contains("SUPERSECRET");
        // Pointed elsewhere, the mask is taken as written: the secret is not sent to the new server.
        registry.update("api", """
                {"kind": "http", "url": "http://attacker.example/", "headers": {"Authorization": "******"}}
                """);
        assertThat(stored("api")).doesNotContain("SUPERSECRET");

        registry.create("""
                {"id": "pg", "kind": "postgres", "url": "jdbc:postgresql://db.example.org:5432/app", "password": "pw-123"}
                """);
        registry.update("pg", "{\"kind\": \"postgres\", \"url\": \"jdbc:postgresql://evil.example:5432/app\"}");
        assertThat(stored("pg")).doesNotContain("pw-123");
    }
}

package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two nodes changing the API's receivers and routes over one database: whatever either has in memory,
 * a change is checked against the stored state it replaces, so no route is ever left naming a
 * receiver that is gone.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class AlertingConfigTest {
    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    SettableClock clock = SettableClock.at("2026-11-26T10:00:00Z");
    AlertingConfig a;
    AlertingConfig b;

    static final AlertingSettings FILE = new AlertingSettings(
            List.of(new Receiver(
                    "ops",
                    List.of(new Receiver.Webhook(
                            URI.create("http://127.0.0.1:9/ops"), Optional.empty(), Duration.ofSeconds(10))))),
            Optional.of(
                    new RouteNode("ops", Map.of(), Map.of(), List.of(), RouteNode.Timings.DEFAULT, false, List.of())),
            List.of());

    static String receiver(String name) {
        return "{\"name\": \"" + name + "\", \"slack\": {\"url\": \"http://127.0.0.1:9/" + name + "\"}}";
    }

    static String routeTo(String name) {
        return "{\"routes\": [{\"match\": {\"team\": \"" + name + "\"}, \"receiver\": \"" + name + "\"}]}";
    }

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
        a = new AlertingConfig(new ReceiverStore(db), clock);
        b = new AlertingConfig(new ReceiverStore(db), clock);
        a.useFile(FILE);
        b.useFile(FILE);
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    @Test
    void aNodeWithAStaleCopyCannotRouteToAReceiverAnotherNodeDeleted() {
        a.create(receiver("payroll"), "ada");
        b.refresh();
        a.delete("payroll");
        // b still has payroll in memory; the stored state has not.
        assertThat(b.receiver("payroll")).isPresent();
        assertThatThrownBy(() -> b.replaceRoutes(routeTo("payroll"), Optional.empty(), "bob"))
                .isInstanceOf(ReceiverException.class)
                .hasMessageContaining("no receiver named \"payroll\"");
        assertThat(new ReceiverStore(db).read().routes()).isEmpty();
    }

    @Test
    void aNodeWithAStaleCopyCannotDeleteAReceiverAnotherNodesRoutesName() {
        a.create(receiver("payroll"), "ada");
        b.refresh();
        a.replaceRoutes(routeTo("payroll"), Optional.empty(), "ada");
        assertThatThrownBy(() -> b.delete("payroll"))
                .isInstanceOfSatisfying(
                        ReceiverException.class, e -> assertThat(e.kind()).isEqualTo(ReceiverException.Kind.CONFLICT));
        clock.advance(AlertingConfig.REFRESH);
        assertThat(new Routing(b.current().route().orElseThrow()).route(Map.of("team", "payroll")))
                .extracting(Routing.Destination::receiver)
                .containsExactly("payroll");
    }

    @Test
    void racingDeletesAndRoutesNeverLeaveARouteWithoutItsReceiver() throws Exception {
        for (int round = 0; round < 10; round++) {
            String name = "team-" + round;
            a.create(receiver(name), "ada");
            b.refresh();
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> {
                await(go);
                try {
                    a.delete(name);
                } catch (ReceiverException e) {
                    // lost the race to the route: fine
                }
            });
            CompletableFuture<Void> routing = CompletableFuture.runAsync(() -> {
                await(go);
                try {
                    b.replaceRoutes(routeTo(name), Optional.empty(), "bob");
                } catch (ReceiverException e) {
                    // lost the race to the delete: fine
                }
            });
            go.countDown();
            deleting.get();
            routing.get();
            ReceiverStore.State stored = new ReceiverStore(db).read();
            boolean routed =
                    stored.routes().filter(r -> r.definition().contains(name)).isPresent();
            boolean kept = stored.receiver(name).isPresent();
            assertThat(routed == kept)
                    .as("round %d: routes name %s: %s; receiver kept: %s", round, name, routed, kept)
                    .isTrue();
            if (routed) {
                a.deleteRoutes(Optional.empty());
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

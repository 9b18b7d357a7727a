package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.accounts.Role;
import dev.vitals.alerting.AlertingConfig;
import dev.vitals.alerting.AlertingSettings;
import dev.vitals.alerting.Receiver;
import dev.vitals.alerting.ReceiverException;
import dev.vitals.alerting.ReceiverStore;
import dev.vitals.alerting.RouteNode;
import dev.vitals.alerting.Routing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/receivers} and {@code /api/v1/routes} through real HTTP, merged with a file's. */
class ReceiverRoutesTest {
    @TempDir
    Path dir;

    ApiHarness h;
    ApiHarness.As admin;
    ApiHarness.As rita;
    ApiHarness.As vera;

    /** The file: ops by webhook, finance's alerts by mail. */
    static final AlertingSettings FILE = new AlertingSettings(
            List.of(
                    new Receiver(
                            "ops",
                            List.of(new Receiver.Webhook(
                                    URI.create("http://127.0.0.1:9099/hook"),
                                    Optional.empty(),
                                    Duration.ofSeconds(10)))),
                    new Receiver(
                            "finance-mail",
                            List.of(new Receiver.Email(
                                    List.of("finance-it@example.org"),
                                    "vitals@localhost",
                                    new Receiver.Smtp(
                                            "127.0.0.1",
                                            2525,
                                            Receiver.StartTls.IF_OFFERED,
                                            Optional.empty(),
                                            Optional.empty(),
                                            Duration.ofSeconds(10)))))),
            Optional.of(new RouteNode(
                    "ops",
                    Map.of(),
                    Map.of(),
                    List.of("service"),
                    new RouteNode.Timings(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4)),
                    false,
                    List.of(new RouteNode(
                            "finance-mail",
                            Map.of("team", "finance"),
                            Map.of(),
                            List.of("service"),
                            new RouteNode.Timings(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4)),
                            false,
                            List.of())))),
            List.of());

    static final String PAYROLL =
            "{\"name\": \"payroll\", \"webhook\": {\"url\": \"http://127.0.0.1:9100/payroll\", \"secret\": \"s3cret-key\"}}";
    static final String PAYROLL_ROUTE =
            "{\"routes\": [{\"match\": {\"team\": \"payroll\"}, \"receiver\": \"payroll\"}]}";

    @BeforeEach
    void start() {
        h = new ApiHarness(dir);
        admin = h.signedIn("ada", Role.ADMIN, List.of());
        rita = h.signedIn("rita", Role.RESPONDER, List.of("finance"));
        vera = h.signedIn("vera", Role.VIEWER, List.of("finance"));
        h.receivers.useFile(FILE);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static JsonNode json(ApiHarness.Answer a) throws Exception {
        return Json.MAPPER.readTree(a.body());
    }

    private ApiHarness.Answer send(String method, String path, String body, ApiHarness.As as) {
        return h.send(method, path, Optional.ofNullable(body), as);
    }

    private List<String> receiversFor(Map<String, String> labels) {
        return new Routing(h.receivers.current().route().orElseThrow())
                .route(labels).stream().map(Routing.Destination::receiver).toList();
    }

    @Test
    void aReceiverAndItsRouteAreMadeThroughTheApiAndTakeAlertsAtOnce() throws Exception {
        ApiHarness.Answer made = send("POST", "/api/v1/receivers", PAYROLL, admin);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.headers().firstValue("Location")).contains("/api/v1/receivers/payroll");
        assertThat(json(made).get("origin").asText()).isEqualTo("api");
        assertThat(json(made).get("created_by").asText()).isEqualTo("ada");
        assertThat(json(made).at("/webhook/secret").asText()).isEqualTo("******");
        assertThat(made.body()).doesNotContain("s3cret-key");

        JsonNode list = json(send("GET", "/api/v1/receivers", null, admin)).get("receivers");
        assertThat(list.findValuesAsText("name")).containsExactly("ops", "finance-mail", "payroll");
        assertThat(list.findValuesAsText("origin")).containsExactly("file", "file", "api");

        // Made, but no route names it yet: payroll's alerts still go to the top route's receiver.
        assertThat(receiversFor(Map.of("team", "payroll"))).containsExactly("ops");

        ApiHarness.Answer routed = send("PUT", "/api/v1/routes", PAYROLL_ROUTE, admin);
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);
        assertThat(receiversFor(Map.of("team", "payroll"))).containsExactly("payroll");
        assertThat(receiversFor(Map.of("team", "finance"))).containsExactly("finance-mail");
        assertThat(receiversFor(Map.of("team", "it"))).containsExactly("ops");

        JsonNode tree = json(send("GET", "/api/v1/routes", null, vera));
        assertThat(tree.get("top").asText()).isEqualTo("file");
        JsonNode children = tree.at("/route/routes");
        assertThat(children.findValuesAsText("receiver")).containsExactly("finance-mail", "payroll");
        assertThat(children.get(0).get("origin").asText()).isEqualTo("file");
        JsonNode mine = children.get(1);
        assertThat(mine.get("origin").asText()).isEqualTo("api");
        // What it did not say, it inherits from the file's top route.
        assertThat(mine.get("group_by").toString()).isEqualTo("[\"service\"]");
        assertThat(mine.get("group_wait").asText()).isEqualTo("0s");
        assertThat(tree.at("/api/routes/0/receiver").asText()).isEqualTo("payroll");
        assertThat(tree.get("updated_by").asText()).isEqualTo("ada");

        // The channels follow: the dispatcher finds the new receiver's webhook.
        assertThat(h.receivers.current().receiver("payroll").orElseThrow().targets())
                .singleElement()
                .isInstanceOfSatisfying(
                        Receiver.Webhook.class,
                        w -> assertThat(w.secret().orElseThrow().reveal()).isEqualTo("s3cret-key"));
    }

    @Test
    void onlyAdminsSeeAndChangeReceiversAnyoneReadsTheRoutes() {
        assertThat(send("GET", "/api/v1/receivers", null, vera).status()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/receivers", PAYROLL, rita).status()).isEqualTo(403);
        assertThat(send("PUT", "/api/v1/routes", PAYROLL_ROUTE, rita).status()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/routes", null, vera).status()).isEqualTo(200);
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() throws Exception {
        ApiHarness.Answer badUrl =
                send("POST", "/api/v1/receivers", "{\"name\": \"x\", \"webhook\": {\"url\": \"ftp://a\"}}", admin);
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(json(badUrl).get("field").asText()).isEqualTo("webhook.url");

        ApiHarness.Answer noChannel = send("POST", "/api/v1/receivers", "{\"name\": \"x\"}", admin);
        assertThat(noChannel.status()).isEqualTo(400);
        assertThat(json(noChannel).get("detail").asText()).contains("has no channel");

        ApiHarness.Answer fileVar = send(
                "POST",
                "/api/v1/receivers",
                "{\"name\": \"x\", \"pagerduty\": {\"routing_key_file\": \"/etc/shadow\"}}",
                admin);
        assertThat(fileVar.status()).isEqualTo(400);

        ApiHarness.Answer fileName = send("POST", "/api/v1/receivers", PAYROLL.replace("payroll\"", "ops\""), admin);
        assertThat(fileName.status()).as(fileName.body()).isEqualTo(409);
        assertThat(json(fileName).get("detail").asText()).contains("configuration file");

        ApiHarness.Answer unknown = send(
                "PUT",
                "/api/v1/routes",
                "{\"routes\": [{\"match\": {\"team\": \"hr\"}, \"receiver\": \"hr-mail\"}]}",
                admin);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(json(unknown).get("field").asText()).isEqualTo("routes[0].receiver");
        assertThat(json(unknown).get("detail").asText()).contains("no receiver named \"hr-mail\"");

        ApiHarness.Answer top = send("PUT", "/api/v1/routes", "{\"receiver\": \"ops\", \"routes\": []}", admin);
        assertThat(top.status()).isEqualTo(400);
        assertThat(json(top).get("detail").asText()).contains("top route is defined in the configuration file");

        ApiHarness.Answer notJson = send("PUT", "/api/v1/routes", "{\"routes\": [", admin);
        assertThat(notJson.status()).isEqualTo(400);
        // Nothing was accepted by any of these.
        assertThat(h.receivers.current().receivers()).hasSize(2);
        assertThat(h.receivers.routes().api()).isEmpty();
    }

    @Test
    void theFilesReceiversCannotBeChangedHereAndARoutedReceiverCannotBeDeleted() throws Exception {
        assertThat(send("DELETE", "/api/v1/receivers/ops", null, admin).status())
                .isEqualTo(409);
        assertThat(send(
                                "PUT",
                                "/api/v1/receivers/ops",
                                "{\"name\": \"ops\", \"slack\": {\"url\": \"http://127.0.0.1:1/\"}}",
                                admin)
                        .status())
                .isEqualTo(409);
        assertThat(send("DELETE", "/api/v1/receivers/nobody", null, admin).status())
                .isEqualTo(404);

        send("POST", "/api/v1/receivers", PAYROLL, admin);
        send("PUT", "/api/v1/routes", PAYROLL_ROUTE, admin);
        ApiHarness.Answer inUse = send("DELETE", "/api/v1/receivers/payroll", null, admin);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(json(inUse).get("detail").asText()).contains("named by the API's routes");

        assertThat(send("DELETE", "/api/v1/routes", null, admin).status()).isEqualTo(200);
        assertThat(receiversFor(Map.of("team", "payroll"))).containsExactly("ops");
        assertThat(send("DELETE", "/api/v1/receivers/payroll", null, admin).status())
                .isEqualTo(204);
        assertThat(send("GET", "/api/v1/receivers/payroll", null, admin).status())
                .isEqualTo(404);
    }

    @Test
    void aStaleIfMatchIsRefusedAndTheCurrentOneAccepted() throws Exception {
        send("POST", "/api/v1/receivers", PAYROLL, admin);
        ApiHarness.Answer read = send("GET", "/api/v1/routes", null, admin);
        String tag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(h.send("PUT", "/api/v1/routes", Optional.of(PAYROLL_ROUTE), admin, Map.of("If-Match", tag))
                        .status())
                .isEqualTo(200);
        // The same tag again: the routes changed since it was read.
        ApiHarness.Answer stale =
                h.send("PUT", "/api/v1/routes", Optional.of("{\"routes\": []}"), admin, Map.of("If-Match", tag));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(receiversFor(Map.of("team", "payroll"))).containsExactly("payroll");
    }

    @Test
    void aSecretLeftOutIsKeptUnlessTheChannelMoves() {
        send("POST", "/api/v1/receivers", PAYROLL, admin);
        // Sent back as read: masked secret, longer timeout.
        ApiHarness.Answer same = send(
                "PUT",
                "/api/v1/receivers/payroll",
                "{\"name\": \"payroll\", \"webhook\": {\"url\": \"http://127.0.0.1:9100/payroll\", \"secret\": \"******\","
                        + " \"timeout\": \"20s\"}}",
                admin);
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        Receiver.Webhook w = webhook("payroll");
        assertThat(w.secret().orElseThrow().reveal()).isEqualTo("s3cret-key");
        assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(20));

        ApiHarness.Answer moved = send(
                "PUT",
                "/api/v1/receivers/payroll",
                "{\"name\": \"payroll\", \"webhook\": {\"url\": \"http://attacker.example/\", \"secret\": \"******\"}}",
                admin);
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(webhook("payroll").secret()).isEmpty();

        ApiHarness.Answer renamed =
                send("PUT", "/api/v1/receivers/payroll", PAYROLL.replace("payroll\"", "pay\""), admin);
        assertThat(renamed.status()).isEqualTo(400);
    }

    private Receiver.Webhook webhook(String name) {
        return (Receiver.Webhook)
                h.receivers.current().receiver(name).orElseThrow().targets().get(0);
    }

    @Test
    void aFileThatNoLongerFitsTheApisPartIsRefusedAndTheRunningSettingsStay() {
        send("POST", "/api/v1/receivers", PAYROLL, admin);
        send("PUT", "/api/v1/routes", PAYROLL_ROUTE, admin);

        AlertingSettings clash = new AlertingSettings(
                List.of(
                        FILE.receivers().get(0),
                        new Receiver("payroll", FILE.receivers().get(0).targets())),
                FILE.route(),
                List.of());
        assertThatThrownBy(() -> h.receivers.useFile(clash))
                .isInstanceOf(ReceiverException.class)
                .hasMessageContaining("\"payroll\" was made through the API and is in the configuration file too");

        AlertingSettings noRoute = new AlertingSettings(List.of(), Optional.empty(), List.of());
        assertThatThrownBy(() -> h.receivers.useFile(noRoute))
                .isInstanceOf(ReceiverException.class)
                .hasMessageContaining("do not fit the file");
        assertThat(receiversFor(Map.of("team", "payroll"))).containsExactly("payroll");
    }

    @Test
    void withoutARouteInTheFileTheApiGivesTheWholeTree() throws Exception {
        h.receivers.useFile(AlertingSettings.NONE);
        send("POST", "/api/v1/receivers", PAYROLL, admin);
        ApiHarness.Answer onlyRoutes = send("PUT", "/api/v1/routes", PAYROLL_ROUTE, admin);
        assertThat(onlyRoutes.status()).isEqualTo(400);
        assertThat(json(onlyRoutes).get("field").asText()).isEqualTo("receiver");

        ApiHarness.Answer whole = send(
                "PUT",
                "/api/v1/routes",
                "{\"receiver\": \"payroll\", \"group_by\": [\"service\"], \"group_wait\": \"5s\"}",
                admin);
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(json(whole).get("top").asText()).isEqualTo("api");
        assertThat(json(whole).at("/route/group_wait").asText()).isEqualTo("5s");
        assertThat(receiversFor(Map.of("team", "it"))).containsExactly("payroll");
    }

    @Test
    void anotherNodesChangeArrivesWithinTheRefreshTime() {
        AlertingConfig other = new AlertingConfig(new ReceiverStore(h.db), h.clock);
        other.useFile(FILE);
        assertThat(other.current().receiver("payroll")).isEmpty();
        send("POST", "/api/v1/receivers", PAYROLL, admin);
        assertThat(other.current().receiver("payroll")).isEmpty();
        h.clock.advance(AlertingConfig.REFRESH);
        assertThat(other.current().receiver("payroll")).isPresent();
    }
}

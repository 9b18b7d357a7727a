package dev.vitals.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.evaluation.State;
import dev.vitals.monitors.Monitor;
import dev.vitals.push.Ping;
import dev.vitals.push.PingStore;
import dev.vitals.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ping/{key}} through real HTTP: answers, what is stored, and what the monitor becomes. */
class PingRoutesTest {
    static final String KEY = "4f8a2c1e-7d3b-4e9a-b6c5-0a1b2c3d4e5f";
    static final String OTHER = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

    @TempDir
    Path dir;

    ApiHarness h;
    ApiHarness.As nobody = new ApiHarness.As.Nobody();

    @BeforeEach
    void start() {
        h = new ApiHarness(dir);
        for (String[] m : List.of(new String[] {"backup", KEY}, new String[] {"payroll-export", OTHER})) {
            Monitor made = h.registry.create("{\"id\": \"" + m[0] + "\", \"kind\": \"push\", \"key\": \"" + m[1]
                    + "\", \"period\": \"1d\", \"grace\": \"1h\"}");
            h.evaluator.track(made);
            h.push.put(made, UUID.fromString(m[1]));
        }
    }

    @AfterEach
    void stop() {
        h.close();
    }

    ApiHarness.Answer ping(String method, String path, String body) {
        return h.send(method, path, Optional.ofNullable(body), nobody, Map.of("Content-Type", "text/plain"));
    }

    List<PingStore.Stored> stored(String monitor) {
        return new PingStore(h.db).recent(monitor, 100);
    }

    State state(String monitor) {
        return h.evaluator.status(monitor).orElseThrow().state();
    }

    @Test
    void everyFormOfPingIsAnsweredOkStoredAndJudged() {
        ApiHarness.Answer ok = ping("GET", "/ping/" + KEY, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("OK");
        assertThat(ok.contentType()).startsWith("text/plain");
        assertThat(state("backup")).isEqualTo(State.UP);

        String rid = UUID.randomUUID().toString();
        assertThat(ping("GET", "/ping/" + KEY + "/start?rid=" + rid, null).status())
                .isEqualTo(200);
        assertThat(ping("POST", "/ping/" + KEY + "/3?rid=" + rid, "tar: /srv: Cannot open")
                        .status())
                .isEqualTo(200);
        assertThat(state("backup")).isEqualTo(State.DOWN);
        assertThat(h.evaluator.status("backup").orElseThrow().reason().orElseThrow())
                .contains("exit status 3");
        assertThat(ping("HEAD", "/ping/" + KEY + "/0", null).status()).isEqualTo(200);
        assertThat(state("backup")).isEqualTo(State.UP);
        assertThat(ping("POST", "/ping/" + KEY + "/log", "disk 81% full").status())
                .isEqualTo(200);
        assertThat(ping("POST", "/ping/" + KEY + "/fail", "").status()).isEqualTo(200);

        List<PingStore.Stored> s = stored("backup");
        assertThat(s)
                .extracting(x -> x.ping().kind())
                .containsExactly(
                        Ping.Kind.FAIL,
                        Ping.Kind.LOG,
                        Ping.Kind.SUCCESS,
                        Ping.Kind.FAIL,
                        Ping.Kind.START,
                        Ping.Kind.SUCCESS);
        Ping failed = s.get(3).ping();
        assertThat(failed.exitStatus()).contains(3);
        assertThat(failed.rid()).contains(rid);
        assertThat(failed.body()).isEqualTo("tar: /srv: Cannot open");
        assertThat(stored("payroll-export")).isEmpty();
    }

    @Test
    void badKeysActionsAndRunIdsAreRefusedInPlainWordsAndStoreNothing() {
        assertThat(ping("GET", "/ping/not-a-uuid", null).body()).isEqualTo("not found");
        assertThat(ping("GET", "/ping/not-a-uuid", null).status()).isEqualTo(404);
        ApiHarness.Answer unknown = ping("GET", "/ping/" + UUID.randomUUID(), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("not found");
        assertThat(ping("GET", "/ping/" + KEY + "/restart", null).status()).isEqualTo(404);
        ApiHarness.Answer big = ping("GET", "/ping/" + KEY + "/256", null);
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.body()).contains("0 to 255");
        assertThat(ping("GET", "/ping/" + KEY + "/-1", null).status()).isEqualTo(404);
        ApiHarness.Answer rid = ping("GET", "/ping/" + KEY + "?rid=42", null);
        assertThat(rid.status()).isEqualTo(400);
        assertThat(rid.body()).contains("rid must be a UUID");
        assertThat(stored("backup")).isEmpty();
        assertThat(state("backup")).isEqualTo(State.PENDING);
    }

    @Test
    void aBodyOverOneHundredKilobytesIsCutAndFlaggedAndBadTextIsMadeSafe() {
        String line = "x".repeat(1023) + "\n";
        String log = line.repeat(150);
        assertThat(ping("POST", "/ping/" + KEY, log).status()).isEqualTo(200);
        Ping p = stored("backup").getFirst().ping();
        assertThat(p.truncated()).isTrue();
        assertThat(p.body().getBytes(StandardCharsets.UTF_8)).hasSize(Ping.MAX_BODY);

        byte[] nasty = {'o', 'k', 0, (byte) 0xC3, 'x'};
        assertThat(PingRoutes.text(nasty)).isEqualTo("ok\uFFFD\uFFFDx");
    }

    @Test
    void aBodyInChunksIsCutAtOneHundredKilobytesAndRefusedPastOneMebibyte() throws Exception {
        RawHttp raw = new RawHttp("127.0.0.1", h.server.port());
        byte[] log = "y".repeat(300 * 1024).getBytes(StandardCharsets.US_ASCII);
        byte[] kept = raw.request("POST", "/ping/" + KEY + "/log").chunked(log, 8192);
        RawHttp.Reply ok = raw.exchange("POST", kept, java.time.Duration.ofSeconds(10));
        assertThat(ok.status()).isEqualTo(200);
        Ping p = stored("backup").getFirst().ping();
        assertThat(p.truncated()).isTrue();
        assertThat(p.body()).hasSize(Ping.MAX_BODY);

        // Past the limit of every request body: refused, and nothing stored, whether the ping is
        // answered ahead of the routes or by them (a key with a character encoded). Just past it, so
        // that the server can read the rest before it closes and the client sees the answer.
        byte[] over = "z".repeat(Params.MAX_BODY + 16 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (String path : List.of("/ping/" + OTHER, "/ping/%30" + OTHER.substring(1))) {
            byte[] sent = raw.request("POST", path).chunked(over, 64 * 1024);
            RawHttp.Reply refused = raw.exchange("POST", sent, java.time.Duration.ofSeconds(10));
            assertThat(refused.status()).as(path).isEqualTo(413);
            assertThat(refused.body()).as(path).contains("limited to 1 MiB");
        }
        assertThat(stored("payroll-export")).isEmpty();
        assertThat(state("payroll-export")).isEqualTo(State.PENDING);
    }

    @Test
    void aBodyIsReadToOneMebibyteAndNoFurther() {
        byte[] limit = new byte[Params.MAX_BODY];
        java.util.Arrays.fill(limit, (byte) 'a');
        PingRoutes.Body at = PingRoutes.read(new java.io.ByteArrayInputStream(limit));
        assertThat(at.tooLarge()).isFalse();
        assertThat(at.truncated()).isTrue();
        assertThat(at.text()).hasSize(Ping.MAX_BODY);

        byte[] past = java.util.Arrays.copyOf(limit, Params.MAX_BODY + 1);
        past[Params.MAX_BODY] = 'a';
        assertThat(PingRoutes.read(new java.io.ByteArrayInputStream(past))).isEqualTo(PingRoutes.Body.TOO_LARGE);

        // A sender that never stops: reading ends soon after the limit.
        long[] given = {0};
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                given[0]++;
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'z');
                given[0] += len;
                return len;
            }
        };
        assertThat(PingRoutes.read(endless)).isEqualTo(PingRoutes.Body.TOO_LARGE);
        assertThat(given[0]).isLessThanOrEqualTo(Params.MAX_BODY + 8192);
    }

    /**
     * Well-formed pings are answered ahead of Javalin; everything else is passed on to it. Shown with
     * the fast path in a server of its own, in front of a handler that answers 418 for what it gets.
     */
    @Test
    void theFastPathAnswersWellFormedPingsAndPassesOnTheRest() throws Exception {
        PingRoutes routes = new PingRoutes(
                h.push,
                h.pings,
                new dev.vitals.push.PingLimiter(h.clock, dev.vitals.push.PingLimiter.STANDARD),
                h.clock);
        org.eclipse.jetty.server.Server jetty = new org.eclipse.jetty.server.Server();
        var connector = new org.eclipse.jetty.server.ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        var fast = routes.fastPath(List.of());
        fast.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(
                    org.eclipse.jetty.server.Request request,
                    org.eclipse.jetty.server.Response response,
                    org.eclipse.jetty.util.Callback callback)
                    throws java.io.IOException {
                // Read to the end, so that the client sees the answer rather than a reset.
                org.eclipse.jetty.io.Content.Source.consumeAll(request);
                response.setStatus(418);
                response.write(true, java.nio.ByteBuffer.wrap("passed on".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        jetty.setHandler(fast);
        jetty.start();
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + connector.getLocalPort();
            java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> send = (method, path) -> {
                try {
                    return client.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            var ok = send.apply("GET", "/ping/" + KEY.toUpperCase(java.util.Locale.ROOT));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("OK");
            assertThat(ok.headers().firstValue("Content-Type")).contains("text/plain;charset=utf-8");
            assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
            assertThat(ok.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(state("backup")).isEqualTo(State.UP);
            var head = send.apply("HEAD", "/ping/" + KEY + "/start");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(send.apply("GET", "/ping/" + KEY + "/fail?rid=" + OTHER).statusCode())
                    .isEqualTo(200);
            assertThat(stored("backup").getFirst().ping().rid()).contains(OTHER);
            // Refusals the fast path can give itself are the same words as the routes'.
            assertThat(send.apply("GET", "/ping/" + UUID.randomUUID()).body()).isEqualTo("not found");
            assertThat(send.apply("POST", "/ping/" + KEY + "/300").statusCode()).isEqualTo(400);
            for (String[] passed : List.of(
                    new String[] {"PUT", "/ping/" + KEY},
                    new String[] {"GET", "/ping/" + KEY + "/"},
                    new String[] {"GET", "/ping/" + KEY + "/-1"},
                    new String[] {"GET", "/ping/%34" + KEY.substring(1)},
                    new String[] {"GET", "/ping/" + KEY + "/start/again"},
                    new String[] {"GET", "/ping/not-a-key"},
                    new String[] {"GET", "/health"})) {
                assertThat(send.apply(passed[0], passed[1]).statusCode())
                        .as("%s %s", passed[0], passed[1])
                        .isEqualTo(418);
            }
            var tooLarge = client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/ping/" + KEY))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[Params.MAX_BODY + 1]))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(tooLarge.statusCode()).isEqualTo(418);
        } finally {
            jetty.stop();
        }
    }

    /** A ping Javalin answers (the fast path passes on a trailing slash) has the same headers. */
    @Test
    void theFastPathAnswersWithTheHeadersOfTheRoutes() {
        ApiHarness.Answer fast = ping("GET", "/ping/" + KEY, null);
        ApiHarness.Answer routed = ping("GET", "/ping/" + OTHER + "/", null);
        assertThat(routed.status()).isEqualTo(200);
        assertThat(routed.body()).isEqualTo("OK");
        java.util.function.Function<ApiHarness.Answer, Map<String, List<String>>> shown = a -> {
            Map<String, List<String>> m = new java.util.TreeMap<>(a.headers().map());
            m.remove("date");
            return m;
        };
        assertThat(shown.apply(fast)).isEqualTo(shown.apply(routed));
    }

    @Test
    void aFloodAgainstOneKeyIsLimitedWithoutTouchingAnother() {
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            ApiHarness.Answer a = ping("GET", "/ping/" + KEY + "/log", null);
            if (a.status() == 429) {
                limited++;
                assertThat(a.headers().firstValue("Retry-After")).isPresent();
            }
        }
        // The settable clock stands still: a burst of 30, then nothing.
        assertThat(limited).isEqualTo(30);
        assertThat(stored("backup")).hasSize(30);
        assertThat(ping("GET", "/ping/" + OTHER, null).status()).isEqualTo(200);
        h.clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(ping("GET", "/ping/" + KEY, null).status()).isEqualTo(200);
    }

    @Test
    void theApiShowsThePingUrlToTheTeamAndTheRunsWithTheirLogs() throws Exception {
        Monitor finance =
                h.registry.create("{\"id\": \"payroll-run\", \"kind\": \"push\", \"schedule\": \"30 1 * * *\","
                        + " \"tz\": \"Europe/Berlin\", \"grace\": \"30m\", \"labels\": {\"team\": \"finance\"}}");
        UUID key = UUID.randomUUID();
        h.evaluator.track(finance);
        h.push.put(finance, key);
        ApiHarness.As ada = h.signedIn("ada", dev.vitals.accounts.Role.ADMIN, List.of());
        ApiHarness.As rita = h.signedIn("rita", dev.vitals.accounts.Role.RESPONDER, List.of("finance"));
        ApiHarness.As otto = h.signedIn("otto", dev.vitals.accounts.Role.VIEWER, List.of("it"));

        String rid = UUID.randomUUID().toString();
        ping("GET", "/ping/" + key + "/start?rid=" + rid, null);
        ping("POST", "/ping/" + key + "/log?rid=" + rid, "half way");
        h.clock.advance(java.time.Duration.ofMinutes(7));
        ping("POST", "/ping/" + key + "/0?rid=" + rid, "backup done: 12 GB");
        ping("GET", "/ping/" + key + "/start", null);

        var mapper = Json.MAPPER;
        var asRita = mapper.readTree(h.send("GET", "/api/v1/monitors/payroll-run", Optional.empty(), rita)
                .body());
        assertThat(asRita.get("ping_url").asText()).endsWith("/ping/" + key).startsWith("http://127.0.0.1:");
        assertThat(asRita.at("/push/schedule").asText()).isEqualTo("every day at 01:30 Europe/Berlin");
        assertThat(asRita.at("/push/state").asText()).isEqualTo("running");
        assertThat(asRita.get("status").asText()).isEqualTo("up");
        assertThat(asRita.get("interval").isNull()).isTrue();
        var asOtto = mapper.readTree(h.send("GET", "/api/v1/monitors/payroll-run", Optional.empty(), otto)
                .body());
        assertThat(asOtto.get("ping_url").isNull()).isTrue();
        assertThat(mapper.readTree(h.send("GET", "/api/v1/monitors/payroll-run", Optional.empty(), ada)
                                .body())
                        .get("ping_url")
                        .isNull())
                .isFalse();

        var runs = mapper.readTree(h.send("GET", "/api/v1/monitors/payroll-run/runs", Optional.empty(), otto)
                        .body())
                .get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("outcome").asText()).isEqualTo("running");
        var done = runs.get(1);
        assertThat(done.get("outcome").asText()).isEqualTo("success");
        assertThat(done.get("duration_ms").asLong()).isEqualTo(7 * 60_000L);
        assertThat(done.get("exit_status").asInt()).isZero();
        assertThat(done.get("log").asText()).isEqualTo("backup done: 12 GB");
        assertThat(done.at("/messages/0/text").asText()).isEqualTo("half way");
        assertThat(h.send("GET", "/api/v1/monitors/backup/runs?limit=0", Optional.empty(), otto)
                        .status())
                .isEqualTo(400);
    }
}

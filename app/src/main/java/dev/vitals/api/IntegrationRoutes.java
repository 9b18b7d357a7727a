package dev.vitals.api;

import dev.vitals.alerting.Intake;
import dev.vitals.alerting.Integration;
import dev.vitals.alerting.inbound.AlertmanagerPayloads;
import dev.vitals.alerting.inbound.ExternalAlert;
import dev.vitals.alerting.inbound.PagerDutyEvents;
import dev.vitals.alerting.inbound.PayloadException;
import dev.vitals.alerting.inbound.WebhookPayloads;
import dev.vitals.config.Location;
import dev.vitals.config.Problem;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where other systems send alerts: Alertmanager (its webhook and its alerts API), PagerDuty's Events
 * API v2, and Vitals' own JSON webhook. Each request proves it comes from a configured integration by
 * that integration's credential (a bearer token, or PagerDuty's {@code routing_key} in the body), not
 * by a user's: these routes are {@link Access.Need#INTEGRATION} and the guard leaves them to this
 * class. What is read is handed to the {@link Intake} whole, or refused whole.
 */
public final class IntegrationRoutes {
    /** PagerDuty's own limit for one event; the same for every sender here. */
    static final int MAX_BODY = 512 * 1024;

    private final Supplier<List<Integration>> integrations;
    private final Intake intake;
    private final InstantSource clock;

    /**
     * @param integrations the configured integrations, asked at every request so that a reloaded
     *     configuration adds and revokes credentials at once
     */
    public IntegrationRoutes(Supplier<List<Integration>> integrations, Intake intake, InstantSource clock) {
        this.integrations = integrations;
        this.intake = intake;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/api/v1/integrations/alertmanager", this::alertmanagerWebhook),
                Route.post("/api/v2/alerts", this::alertmanagerAlerts),
                Route.post("/v2/enqueue", this::pagerDuty),
                Route.post("/api/v1/integrations/webhook", this::webhook));
    }

    private void alertmanagerWebhook(Context ctx) {
        String source = authenticate(ctx, Integration.Kind.ALERTMANAGER);
        List<ExternalAlert> alerts = read(() -> AlertmanagerPayloads.webhook(body(ctx)));
        intake.receive(source, alerts);
        ctx.status(200).json(Map.of("received", alerts.size()));
    }

    /** Answers as Alertmanager does: 200 and no body. */
    private void alertmanagerAlerts(Context ctx) {
        String source = authenticate(ctx, Integration.Kind.ALERTMANAGER);
        List<ExternalAlert> alerts = read(() -> AlertmanagerPayloads.alertsApi(body(ctx), clock.instant()));
        intake.receive(source, alerts);
        ctx.status(200);
    }

    private void webhook(Context ctx) {
        String source = authenticate(ctx, Integration.Kind.WEBHOOK);
        List<ExternalAlert> alerts = read(() -> WebhookPayloads.parse(body(ctx), clock.instant()));
        intake.receive(source, alerts);
        ctx.status(200).json(Map.of("received", alerts.size()));
    }

    /**
     * PagerDuty's Events API v2, answered in its shapes: 202 with the dedup key, or 400 "invalid
     * event" listing every problem. An acknowledge is accepted and, for now, changes nothing: Vitals
     * has no acknowledged state yet (see docs/api.md).
     */
    private void pagerDuty(Context ctx) {
        PagerDutyEvents.Event event;
        try {
            event = PagerDutyEvents.parse(Params.body(ctx, MAX_BODY));
        } catch (Params.BodyTooLarge e) {
            pagerDutyRefusal(ctx, 413, "Event object is too large", List.of("body: is over " + Params.size(MAX_BODY)));
            return;
        } catch (PayloadException e) {
            pagerDutyRefusal(ctx, 400, "Event object is invalid", e.errors());
            return;
        }
        Optional<Integration> integration = match(event.routingKey());
        if (integration.isEmpty() || integration.get().kind() != Integration.Kind.PAGERDUTY) {
            // The same words whether the key is unknown or another kind's token: nothing to learn here.
            pagerDutyRefusal(
                    ctx,
                    400,
                    "Event object is invalid",
                    List.of("routing_key: is not the routing key of an integration of kind pagerduty"));
            return;
        }
        String source = integration.get().name();
        // PagerDuty makes up a key for a trigger without one and answers it, so the sender can resolve.
        String dedupKey =
                event.dedupKey().orElseGet(() -> UUID.randomUUID().toString().replace("-", ""));
        switch (event.action()) {
            case TRIGGER -> intake.trigger(source, dedupKey, event.alert().orElseThrow());
            case RESOLVE -> intake.resolve(source, dedupKey);
            case ACKNOWLEDGE -> {}
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "success");
        answer.put("message", "Event processed");
        answer.put("dedup_key", dedupKey);
        ctx.status(202).json(answer);
    }

    private static void pagerDutyRefusal(Context ctx, int status, String message, List<String> errors) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "invalid event");
        answer.put("message", message);
        answer.put("errors", errors);
        ctx.status(status).json(answer);
    }

    /**
     * The name of the integration whose token the request bears, refused with a 401 that does not say
     * whether such a token exists, or a 403 when it is the token of an integration of another kind.
     */
    private String authenticate(Context ctx, Integration.Kind kind) {
        // As the guard does for users: a body declared too large is refused before anything else.
        Params.refuseDeclaredOver(ctx, MAX_BODY);
        String authorization = ctx.header("Authorization");
        String[] parts =
                authorization == null ? new String[0] : authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw Guard.unauthorized(
                    "give the token of an integration of kind " + kind.word() + " as \"Authorization: Bearer TOKEN\"");
        }
        Integration found = match(parts[1].strip())
                .orElseThrow(() ->
                        Guard.unauthorized("the token is not the token of an integration of kind " + kind.word()));
        if (found.kind() != kind) {
            throw Guard.forbidden("this token belongs to an integration of kind "
                    + found.kind().word() + "; this endpoint takes the token of an integration of kind " + kind.word());
        }
        return found.name();
    }

    /**
     * The integration whose credential is {@code given}. Every credential is compared, each in constant
     * time over digests of equal length, so that the time taken tells neither which nor how much matched.
     */
    private Optional<Integration> match(String given) {
        byte[] digest = sha256(given);
        Optional<Integration> found = Optional.empty();
        for (Integration i : integrations.get()) {
            if (!i.credential().isEmpty()
                    && MessageDigest.isEqual(digest, sha256(i.credential().reveal()))) {
                found = Optional.of(i);
            }
        }
        return found;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String body(Context ctx) {
        try {
            return Params.body(ctx, MAX_BODY);
        } catch (Params.BodyTooLarge e) {
            throw Params.tooLarge(e.limit());
        }
    }

    /** A payload read whole, or a 400 that lists every problem with the path where it is. */
    private static List<ExternalAlert> read(Supplier<List<ExternalAlert>> parse) {
        try {
            return parse.get();
        } catch (PayloadException e) {
            List<Problem> problems =
                    e.errors().stream().map(IntegrationRoutes::problem).toList();
            throw new ApiException(
                    400,
                    "Invalid request",
                    "the payload is not valid: " + String.join("; ", e.errors()),
                    Optional.empty(),
                    problems);
        }
    }

    /** "alerts[0].labels: is required" as the path and its message. */
    private static Problem problem(String error) {
        int colon = error.indexOf(": ");
        return colon < 0
                ? new Problem(Location.unknown("body"), "body", error)
                : new Problem(Location.unknown("body"), error.substring(0, colon), error.substring(colon + 2));
    }
}

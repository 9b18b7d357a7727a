package dev.vitals.api;

import static java.util.Map.entry;

import java.util.Map;

/**
 * Who may call each route: the one table of access rules. A route missing here stops the server from
 * starting (and so fails the build's tests): no route is ever open by accident.
 */
final class Access {
    /** What a route needs of its caller. */
    enum Need {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Anyone signed in, by session or token of any scope. */
        SIGNED_IN,
        /** A browser session: changing one's password, second factor or tokens needs the person. */
        SESSION,
        /** Read access: every role; tokens of any scope. */
        READ,
        /** Changes: responders (for their teams' monitors) and admins; tokens of scope write or admin. */
        WRITE,
        /** Admins only; tokens of scope admin. */
        ADMIN,
        /**
         * Other systems sending alerts: the guard lets every request through without looking at its
         * credentials, which belong to an integration, not a user, and the handler checks them
         * ({@link IntegrationRoutes}). Not {@link #PUBLIC}: a user's token or session is no use here.
         */
        INTEGRATION
    }

    static final Map<String, Need> RULES = Map.ofEntries(
            // What stays public.
            entry("GET /health", Need.PUBLIC),
            entry("POST /api/v1/session", Need.PUBLIC),
            entry("GET /auth/oidc/start", Need.PUBLIC),
            entry("GET /auth/oidc/callback", Need.PUBLIC),
            // Vitals itself.
            entry("GET /metrics", Need.READ),
            entry("GET /api/v1/openapi.json", Need.READ),
            // Monitors and their results.
            entry("GET /api/v1/monitors", Need.READ),
            entry("POST /api/v1/monitors", Need.WRITE),
            entry("GET /api/v1/monitors/{id}", Need.READ),
            entry("PUT /api/v1/monitors/{id}", Need.WRITE),
            entry("DELETE /api/v1/monitors/{id}", Need.WRITE),
            entry("GET /api/v1/monitors/{id}/results", Need.READ),
            entry("GET /api/v1/monitors/{id}/availability", Need.READ),
            entry("GET /api/v1/monitors/{id}/runs", Need.READ),
            entry("GET /api/v1/flips", Need.READ),
            // Alerts and notifications.
            entry("GET /api/v1/alerts", Need.READ),
            entry("GET /api/v1/alerts/{id}", Need.READ),
            entry("GET /api/v1/notifications", Need.READ),
            entry("GET /api/v1/notifications/{id}", Need.READ),
            // Silences and maintenance windows: responders and admins change them, for their teams.
            entry("GET /api/v1/silences", Need.READ),
            entry("POST /api/v1/silences", Need.WRITE),
            entry("POST /api/v1/silences/preview", Need.READ),
            entry("GET /api/v1/silences/{id}", Need.READ),
            entry("DELETE /api/v1/silences/{id}", Need.WRITE),
            // Jobs report in with the ping key alone, as with healthchecks.io: the key is the credential.
            entry("GET /ping/{key}", Need.PUBLIC),
            entry("POST /ping/{key}", Need.PUBLIC),
            entry("GET /ping/{key}/{action}", Need.PUBLIC),
            entry("POST /ping/{key}/{action}", Need.PUBLIC),
            entry("GET /api/v1/receivers", Need.ADMIN),
            entry("POST /api/v1/receivers", Need.ADMIN),
            entry("GET /api/v1/receivers/{name}", Need.ADMIN),
            entry("PUT /api/v1/receivers/{name}", Need.ADMIN),
            entry("DELETE /api/v1/receivers/{name}", Need.ADMIN),
            entry("GET /api/v1/routes", Need.READ),
            entry("PUT /api/v1/routes", Need.ADMIN),
            entry("DELETE /api/v1/routes", Need.ADMIN),
            entry("GET /api/v1/maintenances", Need.READ),
            entry("POST /api/v1/maintenances", Need.WRITE),
            entry("POST /api/v1/maintenances/preview", Need.READ),
            entry("DELETE /api/v1/maintenances/{name}", Need.WRITE),
            // One's own account.
            entry("GET /api/v1/session", Need.SIGNED_IN),
            entry("DELETE /api/v1/session", Need.SESSION),
            entry("GET /api/v1/me", Need.SIGNED_IN),
            entry("PUT /api/v1/me/password", Need.SESSION),
            entry("POST /api/v1/me/totp", Need.SESSION),
            entry("PUT /api/v1/me/totp", Need.SESSION),
            entry("DELETE /api/v1/me/totp", Need.SESSION),
            entry("GET /api/v1/me/tokens", Need.SIGNED_IN),
            entry("POST /api/v1/me/tokens", Need.SESSION),
            // A session, not a token: a read-only token handed to a dashboard must not revoke the rest.
            entry("DELETE /api/v1/me/tokens/{kid}", Need.SESSION),
            // Administration.
            entry("GET /api/v1/users", Need.ADMIN),
            entry("POST /api/v1/users", Need.ADMIN),
            entry("GET /api/v1/users/{name}", Need.ADMIN),
            entry("PUT /api/v1/users/{name}", Need.ADMIN),
            entry("DELETE /api/v1/users/{name}", Need.ADMIN),
            entry("POST /api/v1/users/{name}/password", Need.ADMIN),
            entry("DELETE /api/v1/users/{name}/totp", Need.ADMIN),
            entry("GET /api/v1/teams", Need.READ),
            entry("POST /api/v1/teams", Need.ADMIN),
            entry("DELETE /api/v1/teams/{name}", Need.ADMIN),
            entry("GET /api/v1/tokens", Need.ADMIN),
            entry("DELETE /api/v1/tokens/{kid}", Need.ADMIN),
            entry("GET /api/v1/audit", Need.ADMIN),
            // Alerts from other systems: each handler checks the integration's token or routing key.
            entry("POST /api/v1/integrations/alertmanager", Need.INTEGRATION),
            entry("POST /api/v2/alerts", Need.INTEGRATION),
            entry("POST /v2/enqueue", Need.INTEGRATION),
            entry("POST /api/v1/integrations/webhook", Need.INTEGRATION),
            // Pages (dev.vitals.web): refused visitors are sent to sign in; the stylesheet is public.
            entry("GET /assets/{file}", Need.PUBLIC),
            // The console: what every role may read.
            entry("GET /", Need.READ),
            entry("GET /problems", Need.READ),
            entry("GET /monitors/{id}", Need.READ),
            entry("GET /alerts", Need.READ),
            entry("GET /alerts/{id}", Need.READ),
            entry("GET /notifications", Need.READ),
            // Silences and maintenance windows: everyone reads and previews; responders (for their teams)
            // and admins change them.
            entry("GET /silences", Need.READ),
            entry("POST /silences/preview", Need.READ),
            entry("POST /silences", Need.WRITE),
            entry("POST /silences/{id}/expire", Need.WRITE),
            entry("GET /maintenances", Need.READ),
            entry("POST /maintenances/preview", Need.READ),
            entry("POST /maintenances", Need.WRITE),
            entry("POST /maintenances/{name}/end", Need.WRITE),
            entry("GET /events", Need.READ),
            entry("GET /login", Need.PUBLIC),
            entry("POST /login", Need.PUBLIC),
            entry("POST /logout", Need.SESSION),
            entry("GET /account", Need.SESSION),
            entry("GET /account/password", Need.SESSION),
            entry("POST /account/password", Need.SESSION),
            entry("POST /account/tokens", Need.SESSION),
            entry("POST /account/tokens/{kid}/revoke", Need.SESSION),
            entry("POST /account/totp", Need.SESSION),
            entry("POST /account/totp/confirm", Need.SESSION),
            entry("POST /account/totp/remove", Need.SESSION),
            entry("GET /admin/users", Need.ADMIN),
            entry("POST /admin/users", Need.ADMIN),
            entry("GET /admin/users/{name}", Need.ADMIN),
            entry("POST /admin/users/{name}", Need.ADMIN),
            entry("POST /admin/users/{name}/password", Need.ADMIN),
            entry("POST /admin/users/{name}/totp/remove", Need.ADMIN),
            entry("POST /admin/users/{name}/delete", Need.ADMIN),
            entry("GET /admin/teams", Need.ADMIN),
            entry("POST /admin/teams", Need.ADMIN),
            entry("POST /admin/teams/{name}/delete", Need.ADMIN),
            entry("GET /admin/audit", Need.ADMIN));

    private Access() {}

    static Need of(Route r) {
        Need n = RULES.get(key(r));
        if (n == null) {
            throw new IllegalStateException(
                    "route " + key(r) + " has no access rule; add one to " + Access.class.getName());
        }
        return n;
    }

    static String key(Route r) {
        return r.method().name() + " " + r.path();
    }
}

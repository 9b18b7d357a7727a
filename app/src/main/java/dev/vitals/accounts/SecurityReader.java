package dev.vitals.accounts;

import dev.vitals.checks.Cidr;
import dev.vitals.config.MapReader;
import dev.vitals.config.Node;
import dev.vitals.config.ReadContext;
import dev.vitals.config.Scalars;
import dev.vitals.config.ValueParser;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code security:} section of the configuration file. */
public final class SecurityReader {
    private static final ValueParser<Cidr> CIDR = Scalars.nonBlank()
            .map(Cidr::parse)
            .where(Optional::isPresent, "must be a network such as 169.254.0.0/16 or fd00::/8")
            .map(Optional::orElseThrow);

    private SecurityReader() {}

    public static SecuritySettings read(Node node, ReadContext ctx) {
        Optional<MapReader> m = MapReader.of(node, "security", ctx);
        if (m.isEmpty()) {
            return SecuritySettings.DEFAULT;
        }
        MapReader r = m.get();
        SecuritySettings.Sessions sessions = r.node("sessions")
                .flatMap(n -> MapReader.of(n, "sessions", ctx))
                .map(SecurityReader::sessions)
                .orElse(SecuritySettings.Sessions.DEFAULT);
        Optional<SecuritySettings.Oidc> oidc =
                r.node("oidc").flatMap(n -> MapReader.of(n, "oidc", ctx)).flatMap(SecurityReader::oidc);
        List<Cidr> deny = r.value("deny_networks", Scalars.listOf(CIDR), SecuritySettings.DEFAULT_DENY);
        List<Cidr> proxies = r.value("trusted_proxies", Scalars.listOf(CIDR), List.of());
        r.finish();
        return new SecuritySettings(sessions, oidc, deny, proxies);
    }

    private static SecuritySettings.Sessions sessions(MapReader r) {
        ValueParser<Duration> span = Scalars.duration()
                .where(
                        d -> d.compareTo(Duration.ofMinutes(5)) >= 0 && d.compareTo(Duration.ofDays(90)) <= 0,
                        "must be between 5m and 90d");
        SecuritySettings.Sessions d = SecuritySettings.Sessions.DEFAULT;
        SecuritySettings.Sessions s = new SecuritySettings.Sessions(
                r.value("idle_timeout", span, d.idle()), r.value("max_age", span, d.maxAge()));
        r.finish();
        return s;
    }

    private static Optional<SecuritySettings.Oidc> oidc(MapReader r) {
        Optional<URI> issuer = r.required("issuer", Scalars.uri(Set.of("https", "http")));
        Optional<String> clientId = r.required("client_id", Scalars.nonBlank());
        var secret = r.secret("client_secret");
        Optional<URI> redirect = r.optional("redirect_url", Scalars.uri(Set.of("https", "http")));
        List<String> scopes =
                r.value("scopes", Scalars.listOf(Scalars.nonBlank()), List.of("openid", "profile", "email"));
        String roleClaim = r.value("role_claim", Scalars.nonBlank(), "groups");
        Map<Role, List<String>> roles = new EnumMap<>(Role.class);
        r.node("roles").flatMap(n -> MapReader.of(n, "roles", r.context())).ifPresent(rr -> {
            for (Role role : Role.values()) {
                rr.optional(role.word(), Scalars.listOf(Scalars.nonBlank())).ifPresent(v -> roles.put(role, v));
            }
            rr.finish();
        });
        ValueParser<Role> roleParser = Scalars.oneOf(Set.of("admin", "responder", "viewer"))
                .map(s -> Role.parse(s).orElseThrow());
        Optional<Role> defaultRole = r.optional("default_role", roleParser);
        Optional<String> teamsClaim = r.optional("teams_claim", Scalars.nonBlank());
        String label = r.value("button_label", Scalars.nonBlank(), "Sign in with SSO");
        r.finish();
        if (issuer.isEmpty() || clientId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SecuritySettings.Oidc(
                issuer.get(),
                clientId.get(),
                secret,
                redirect,
                scopes,
                roleClaim,
                Map.copyOf(roles),
                defaultRole,
                teamsClaim,
                label));
    }
}

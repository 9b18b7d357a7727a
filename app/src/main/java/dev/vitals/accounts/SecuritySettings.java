package dev.vitals.accounts;

import dev.vitals.checks.Cidr;
import dev.vitals.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code security:} section of the configuration file: sessions, single sign-on and the networks
 * that checks of non-admins may not reach, and the reverse proxies whose X-Forwarded-For and
 * X-Forwarded-Proto headers are believed. Read at start; a reload that changes it waits for a restart.
 */
public record SecuritySettings(
        Sessions sessions, Optional<Oidc> oidc, List<Cidr> denyNetworks, List<Cidr> trustedProxies) {
    /** Cloud metadata endpoints: the classic way to turn a monitoring tool into a credential thief. */
    public static final List<Cidr> DEFAULT_DENY = Stream.of(
                    "169.254.169.254/32", "169.254.170.2/32", "100.100.100.200/32", "fd00:ec2::254/128")
            .map(c -> Cidr.parse(c).orElseThrow())
            .toList();

    public static final SecuritySettings DEFAULT =
            new SecuritySettings(Sessions.DEFAULT, Optional.empty(), DEFAULT_DENY, List.of());

    public SecuritySettings {
        denyNetworks = List.copyOf(denyNetworks);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** A session ends after {@code idle} without a request, and after {@code maxAge} in any case. */
    public record Sessions(Duration idle, Duration maxAge) {
        public static final Sessions DEFAULT = new Sessions(Duration.ofHours(12), Duration.ofDays(7));
    }

    /**
     * Single sign-on with an OpenID Connect provider. {@code roles} maps each role to the values of
     * {@code roleClaim} that grant it (the highest wins); a user with none of them gets {@code
     * defaultRole}, or is refused when that is empty. {@code teamsClaim}, when set, names the claim
     * whose values are the user's teams.
     */
    public record Oidc(
            URI issuer,
            String clientId,
            Optional<Secret> clientSecret,
            Optional<URI> redirectUri,
            List<String> scopes,
            String roleClaim,
            Map<Role, List<String>> roles,
            Optional<Role> defaultRole,
            Optional<String> teamsClaim,
            String buttonLabel) {}
}

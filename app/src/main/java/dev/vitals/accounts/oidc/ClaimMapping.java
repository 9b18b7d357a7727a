package dev.vitals.accounts.oidc;

import dev.vitals.accounts.Role;
import dev.vitals.accounts.SecuritySettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the claims of an ID token into a role and teams, as {@code security.oidc} says. A claim is
 * named by a path: {@code groups}, or {@code realm_access.roles} for a value nested in objects (as
 * Keycloak sends roles). A name that exists as written wins over a path, so namespaced claims with
 * dots in them ({@code https://example.com/roles}, as Auth0 wants) work too. A claim may be a string
 * or an array of strings; values are compared exactly, case included.
 */
final class ClaimMapping {
    private final SecuritySettings.Oidc settings;

    ClaimMapping(SecuritySettings.Oidc settings) {
        this.settings = settings;
    }

    /** The highest role whose listed values the claim has, else the default role, else empty. */
    Optional<Role> role(Map<String, Object> claims) {
        Set<String> have = new LinkedHashSet<>(values(claims, settings.roleClaim()));
        Role[] roles = Role.values();
        for (int i = roles.length - 1; i >= 0; i--) {
            List<String> granting = settings.roles().getOrDefault(roles[i], List.of());
            if (granting.stream().anyMatch(have::contains)) {
                return Optional.of(roles[i]);
            }
        }
        return settings.defaultRole();
    }

    /** Why {@link #role} was empty, for the person who was refused. */
    String noRoleWords() {
        Set<String> wanted = new LinkedHashSet<>();
        for (Role r : List.of(Role.ADMIN, Role.RESPONDER, Role.VIEWER)) {
            wanted.addAll(settings.roles().getOrDefault(r, List.of()));
        }
        String which = wanted.isEmpty() ? "no values are configured in security.oidc.roles" : String.join(", ", wanted);
        return "Your account has no role in Vitals (claim " + settings.roleClaim() + " has none of " + which
                + "). Ask an administrator to give you access.";
    }

    /**
     * The values of the teams claim as team names, in the order sent, without repeats; empty when none
     * is configured. Providers write groups as they like ("/Platform Team" in Keycloak): a value is
     * made a team name (lower case, a leading "/" and other signs turned into "-"), and one that still
     * is not a name is left out.
     */
    List<String> teams(Map<String, Object> claims) {
        return settings.teamsClaim()
                .map(c -> List.copyOf(new LinkedHashSet<>(values(claims, c).stream()
                        .map(ClaimMapping::teamName)
                        .flatMap(java.util.Optional::stream)
                        .toList())))
                .orElse(List.of());
    }

    static java.util.Optional<String> teamName(String value) {
        String t = value.strip()
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[^a-z0-9]+", "")
                .replaceAll("-+$", "");
        if (t.length() > 64) {
            t = t.substring(0, 64);
        }
        return t.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(t);
    }

    /** The string values at {@code path}: one for a string, each scalar for an array, none otherwise. */
    static List<String> values(Map<String, ?> claims, String path) {
        if (claims.containsKey(path)) {
            return scalars(claims.get(path));
        }
        // Try every split "head.rest" where head names a nested object: "a.b.c" may be a → b.c or a.b → c.
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            if (claims.get(path.substring(0, dot)) instanceof Map<?, ?> nested) {
                List<String> found = values(stringKeys(nested), path.substring(dot + 1));
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return List.of();
    }

    private static Map<String, ?> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static List<String> scalars(Object value) {
        return switch (value) {
            case null -> List.of();
            case String s -> List.of(s);
            case Number n -> List.of(n.toString());
            case Boolean b -> List.of(b.toString());
            case Collection<?> c -> {
                List<String> out = new ArrayList<>();
                for (Object o : c) {
                    if (o instanceof String || o instanceof Number || o instanceof Boolean) {
                        out.add(o.toString());
                    }
                }
                yield out;
            }
            default -> List.of();
        };
    }
}

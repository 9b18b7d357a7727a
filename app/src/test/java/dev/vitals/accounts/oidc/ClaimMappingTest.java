package dev.vitals.accounts.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Role;
import dev.vitals.accounts.SecuritySettings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimMappingTest {
    private static final Map<Role, List<String>> ROLES = Map.of(
            Role.ADMIN, List.of("vitals-admins"),
            Role.RESPONDER, List.of("oncall", "noc"),
            Role.VIEWER, List.of("staff"));

    private static ClaimMapping mapping(
            String roleClaim, Map<Role, List<String>> roles, Optional<Role> defaultRole, Optional<String> teams) {
        return new ClaimMapping(new SecuritySettings.Oidc(
                URI.create("https://id.example.com"),
                "vitals",
                Optional.empty(),
                Optional.empty(),
                List.of("openid"),
                roleClaim,
                roles,
                defaultRole,
                teams,
                "Sign in"));
    }

    private static ClaimMapping groups() {
        return mapping("groups", ROLES, Optional.empty(), Optional.empty());
    }

    @Test
    void theHighestRoleWhoseValuesTheClaimHasWins() {
        assertThat(groups().role(Map.of("groups", List.of("staff", "noc", "vitals-admins"))))
                .hasValue(Role.ADMIN);
        assertThat(groups().role(Map.of("groups", List.of("staff", "noc")))).hasValue(Role.RESPONDER);
        assertThat(groups().role(Map.of("groups", List.of("staff")))).hasValue(Role.VIEWER);
    }

    @Test
    void valuesAreComparedExactlyCaseIncluded() {
        assertThat(groups().role(Map.of("groups", List.of("Vitals-Admins", "STAFF"))))
                .isEmpty();
    }

    @Test
    void noMatchingValueGivesTheDefaultRoleOrNothing() {
        assertThat(groups().role(Map.of("groups", List.of("sales")))).isEmpty();
        assertThat(groups().role(Map.of())).isEmpty();
        assertThat(mapping("groups", ROLES, Optional.of(Role.VIEWER), Optional.empty())
                        .role(Map.of("groups", "sales")))
                .hasValue(Role.VIEWER);
    }

    @Test
    void aDefaultRoleDoesNotLowerAMappedOne() {
        assertThat(mapping("groups", ROLES, Optional.of(Role.VIEWER), Optional.empty())
                        .role(Map.of("groups", "oncall")))
                .hasValue(Role.RESPONDER);
    }

    @Test
    void theRefusalNamesTheClaimAndTheValuesThatWouldHaveCounted() {
        assertThat(groups().noRoleWords())
                .startsWith("Your account has no role in Vitals (claim groups has none of vitals-admins, oncall,"
                        + " noc, staff)");
        assertThat(mapping("roles", Map.of(), Optional.empty(), Optional.empty())
                        .noRoleWords())
                .contains("claim roles has none of no values are configured in security.oidc.roles");
    }

    @Test
    void aClaimNameWithDotsIsReadAsWrittenBeforeAsAPath() {
        Map<String, Object> claims = Map.of(
                "https://vitals.example.com/roles", List.of("oncall"),
                "https://vitals", Map.of("example", Map.of("com/roles", List.of("vitals-admins"))));
        assertThat(ClaimMapping.values(claims, "https://vitals.example.com/roles"))
                .containsExactly("oncall");
    }

    @Test
    void aPathReachesIntoNestedObjects() {
        Map<String, Object> claims = Map.of(
                "realm_access", Map.of("roles", List.of("offline_access", "oncall")),
                "resource_access", Map.of("vitals.app", Map.of("roles", List.of("vitals-admins"))));
        assertThat(ClaimMapping.values(claims, "realm_access.roles")).containsExactly("offline_access", "oncall");
        assertThat(ClaimMapping.values(claims, "resource_access.vitals.app.roles"))
                .as("a key with a dot inside a nested object")
                .containsExactly("vitals-admins");
        assertThat(ClaimMapping.values(claims, "realm_access.missing")).isEmpty();
        assertThat(ClaimMapping.values(claims, "realm_access.roles.deeper")).isEmpty();
        assertThat(ClaimMapping.values(claims, "nothing.here")).isEmpty();
    }

    @Test
    void scalarsCountAndObjectsDoNot() {
        Map<String, Object> claims = Map.of(
                "groups", List.of("a", 7, true, Map.of("name", "b"), List.of("c")),
                "level", 3,
                "object", Map.of("x", "y"));
        assertThat(ClaimMapping.values(claims, "groups")).containsExactly("a", "7", "true");
        assertThat(ClaimMapping.values(claims, "level")).containsExactly("3");
        assertThat(ClaimMapping.values(claims, "object")).isEmpty();
    }

    @Test
    void teamsComeFromTheirClaimWithoutRepeatsAndAreEmptyWhenNoneIsConfigured() {
        Map<String, Object> claims = Map.of("teams", List.of("web", "db", "web"), "groups", "staff");
        assertThat(mapping("groups", ROLES, Optional.empty(), Optional.of("teams"))
                        .teams(claims))
                .containsExactly("web", "db");
        assertThat(groups().teams(claims)).isEmpty();
        assertThat(mapping("groups", ROLES, Optional.empty(), Optional.of("teams"))
                        .teams(Map.of()))
                .isEmpty();
    }
}

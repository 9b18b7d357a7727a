package dev.vitals.accounts.oidc;

import dev.vitals.accounts.Role;
import java.util.List;

/**
 * A person the identity provider vouched for. {@code issuer} and {@code subject} together are the
 * stable key of the account (a name or an e-mail address may change or be reused); {@code name} is
 * the preferred username, else the e-mail address, else the subject. {@code role} and {@code teams}
 * come from the claims named in the configuration, at this sign-in.
 */
public record OidcIdentity(String issuer, String subject, String name, Role role, List<String> teams)
        implements OidcResult {
    public OidcIdentity {
        teams = List.copyOf(teams);
    }
}

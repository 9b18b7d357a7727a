package dev.vitals.web;

import java.util.List;

/**
 * One user, for admins: role, teams and disabled to edit, the password to reset, the second factor to
 * remove, and deletion.
 */
public record UserPage(
        Frame frame,
        UsersPage.Row user,
        String created,
        List<Choice> roles,
        String teams,
        boolean disabled,
        boolean hasPassword,
        boolean hasSecondFactor,
        String knownTeams) {
    public UserPage {
        roles = List.copyOf(roles);
    }
}

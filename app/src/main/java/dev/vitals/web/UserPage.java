package dev.vitals.web;

import java.util.List;

/** One user, for admins: role, teams and disabled to edit, the password to reset, and deletion. */
public record UserPage(
        Frame frame,
        UsersPage.Row user,
        String created,
        List<Choice> roles,
        String teams,
        boolean disabled,
        boolean hasPassword,
        String knownTeams) {
    public UserPage {
        roles = List.copyOf(roles);
    }
}

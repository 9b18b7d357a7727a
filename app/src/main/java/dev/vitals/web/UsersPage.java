package dev.vitals.web;

import java.util.List;

/** Every user, for admins, with the form to add one. */
public record UsersPage(
        Frame frame, List<Row> users, List<Choice> roles, String newName, String newTeams, String knownTeams) {
    public UsersPage {
        users = List.copyOf(users);
        roles = List.copyOf(roles);
    }

    /** One user as listed. {@code status} says in words what is special: disabled, password to change. */
    public record Row(
            String name,
            String href,
            String role,
            String teams,
            String lastSignIn,
            String secondFactor,
            String signsInWith,
            String status,
            boolean disabled) {}
}

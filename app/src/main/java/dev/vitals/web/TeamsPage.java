package dev.vitals.web;

import java.util.List;

/** Every team with its members, for admins, with the form to add one. */
public record TeamsPage(Frame frame, List<Team> teams, String newName) {
    public TeamsPage {
        teams = List.copyOf(teams);
    }

    public record Team(String name, String members, String deleteHref) {}
}

package dev.vitals.web;

import java.util.List;

/** One's own account: who one is, the password form, the second factor and one's API tokens. */
public record AccountPage(
        Frame frame,
        String name,
        String role,
        String roleMeaning,
        String teams,
        boolean hasPassword,
        boolean secondFactor,
        List<Token> tokens,
        List<Choice> scopes,
        List<Choice> lifetimes,
        String tokenName) {
    public AccountPage {
        tokens = List.copyOf(tokens);
        scopes = List.copyOf(scopes);
        lifetimes = List.copyOf(lifetimes);
    }

    /** A token as listed: never its value, only the first characters to recognise it by. */
    public record Token(
            long id,
            String name,
            String prefix,
            String scope,
            String created,
            String lastUsed,
            String expires,
            String state,
            boolean active) {}
}

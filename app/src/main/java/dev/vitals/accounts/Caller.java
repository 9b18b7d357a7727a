package dev.vitals.accounts;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, and how they proved it. {@code level} is what they may do: their role, capped by
 * the scope of the token they used (a session carries the whole role).
 */
public record Caller(Via via, Optional<User> user, String name, Role role, Scope scope, Optional<Session> session) {
    /** How a request proved who sent it. */
    public enum Via {
        ANONYMOUS,
        SESSION,
        TOKEN,
        /** {@code VITALS_BOOTSTRAP_TOKEN}: an admin for automation that sets up a fresh instance. */
        BOOTSTRAP
    }

    public static final Caller ANONYMOUS =
            new Caller(Via.ANONYMOUS, Optional.empty(), "anonymous", Role.VIEWER, Scope.READ, Optional.empty());

    public static Caller session(User u, Session s) {
        return new Caller(Via.SESSION, Optional.of(u), u.name(), u.role(), Scope.ADMIN, Optional.of(s));
    }

    public static Caller token(User u, Scope scope) {
        return new Caller(Via.TOKEN, Optional.of(u), u.name(), u.role(), scope, Optional.empty());
    }

    public static Caller bootstrap() {
        return new Caller(
                Via.BOOTSTRAP, Optional.empty(), "bootstrap-token", Role.ADMIN, Scope.ADMIN, Optional.empty());
    }

    public boolean signedIn() {
        return via != Via.ANONYMOUS;
    }

    /** The most this caller may do: READ, WRITE or ADMIN. */
    public Scope level() {
        Scope byRole = switch (role) {
            case VIEWER -> Scope.READ;
            case RESPONDER -> Scope.WRITE;
            case ADMIN -> Scope.ADMIN;
        };
        return byRole.compareTo(scope) <= 0 ? byRole : scope;
    }

    public boolean isAdmin() {
        return signedIn() && level() == Scope.ADMIN;
    }

    public Set<String> teams() {
        return user.map(User::teams).orElse(Set.of());
    }
}

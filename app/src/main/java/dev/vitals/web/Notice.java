package dev.vitals.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * What a page says after a form was sent and the browser was redirected to it ({@code ?notice=CODE}).
 * Only these fixed words can be shown this way: a link cannot make a Vitals page say what it wants.
 */
enum Notice {
    SIGNED_OUT("signed-out", "You are signed out."),
    ONE_TIME_PASSWORD(
            "one-time",
            Message.Kind.NOTE,
            "You signed in with a one-time password. Choose your own password to go on."),
    PASSWORD_CHANGED("password-changed", "Your password is changed. Your other sessions were signed out."),
    TOKEN_REVOKED("token-revoked", "The token is revoked: programs that use it are refused from now on."),
    SECOND_FACTOR_ON(
            "second-factor-on", "Your second factor is on: signing in asks for a code from your authenticator app."),
    SECOND_FACTOR_OFF("second-factor-off", "Your second factor is off: signing in asks for your password only."),
    SECOND_FACTOR_REMOVED(
            "second-factor-removed",
            "The second factor is removed: this user signs in with their password only until they set up a new"
                    + " one."),
    USER_SAVED("user-saved", "The user is saved."),
    USER_DELETED("user-deleted", "The user is deleted, with their sessions and tokens."),
    TEAM_ADDED("team-added", "The team is added."),
    TEAM_DELETED("team-deleted", "The team is deleted; its members keep their accounts."),
    SILENCE_CREATED("silence-created", "The silence is made: the alerts it matches are not notified until it ends."),
    SILENCE_ENDED("silence-ended", "The silence is ended: the alerts it matched are notified again."),
    MAINTENANCE_CREATED("maintenance-created", "The maintenance window is made."),
    MAINTENANCE_ENDED("maintenance-ended", "The maintenance window is ended: it has no occurrence from now on.");

    private final String code;
    private final Message.Kind kind;
    private final String words;

    Notice(String code, String words) {
        this(code, Message.Kind.DONE, words);
    }

    Notice(String code, Message.Kind kind, String words) {
        this.code = code;
        this.kind = kind;
        this.words = words;
    }

    /** {@code path} with this notice attached. */
    String on(String path) {
        return path + (path.contains("?") ? "&" : "?") + "notice=" + code;
    }

    /** The message of the request's {@code notice} parameter, if it names one. */
    static List<Message> of(Context ctx) {
        String code = ctx.queryParam("notice");
        return find(code).map(n -> List.of(new Message(n.kind, n.words))).orElse(List.of());
    }

    static Optional<Notice> find(String code) {
        for (Notice n : values()) {
            if (n.code.equals(code)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}

package dev.vitals.accounts;

import java.util.Optional;

/** A request about accounts that cannot be done, with words for the person and the field at fault. */
public final class AccountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        INVALID,
        NOT_FOUND,
        CONFLICT,
        FORBIDDEN
    }

    private final Kind kind;
    private final transient Optional<String> field;

    public AccountException(Kind kind, String message, Optional<String> field) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static AccountException invalid(String field, String message) {
        return new AccountException(Kind.INVALID, message, Optional.of(field));
    }

    public static AccountException notFound(String message) {
        return new AccountException(Kind.NOT_FOUND, message, Optional.empty());
    }

    public static AccountException conflict(String message) {
        return new AccountException(Kind.CONFLICT, message, Optional.empty());
    }

    public static AccountException forbidden(String message) {
        return new AccountException(Kind.FORBIDDEN, message, Optional.empty());
    }

    public Kind kind() {
        return kind;
    }

    public Optional<String> field() {
        return field;
    }
}

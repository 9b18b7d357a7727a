package dev.vitals.silences;

/** A silence or matcher that cannot be made; {@link #field()} names the part that is wrong. */
public final class SilenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public SilenceException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

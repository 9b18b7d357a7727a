package dev.vitals.push;

/** A push schedule that cannot be used (a bad cron expression, an unknown zone, a too-short period). */
public final class PushException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PushException(String message) {
        super(message);
    }

    public PushException(String message, Throwable cause) {
        super(message, cause);
    }
}

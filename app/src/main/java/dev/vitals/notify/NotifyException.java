package dev.vitals.notify;

/** Notifications could not do what was asked; the message says what. */
public final class NotifyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotifyException(String message) {
        super(message);
    }
}

package dev.vitals.alerting;

/** Something in alerting cannot be done as asked: a broken configuration or stored row. */
public final class AlertingException extends RuntimeException {
    public AlertingException(String message) {
        super(message);
    }

    public AlertingException(String message, Throwable cause) {
        super(message, cause);
    }
}

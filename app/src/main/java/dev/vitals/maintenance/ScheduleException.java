package dev.vitals.maintenance;

/** A schedule that cannot be used (a bad RRULE or cron expression); the message says which part. */
public final class ScheduleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScheduleException(String message) {
        super(message);
    }

    public ScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}

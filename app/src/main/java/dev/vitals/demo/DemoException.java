package dev.vitals.demo;

/** The demo could not be set up: the office's servers or its configuration file could not be made. */
public final class DemoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.vitals.api;

/**
 * The certificate or key files for HTTPS cannot be used; the message names the file and says how to
 * fix it, and is shown to the user as it is.
 */
public final class TlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TlsException(String message) {
        super(message);
    }

    TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.vitals.alerting.inbound;

import java.util.List;

/** A payload that cannot be taken, with every problem found in it, each naming where it is. */
public final class PayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    public PayloadException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}

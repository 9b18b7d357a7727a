package dev.vitals.checks;

/**
 * How one result counts. Only {@link #UP} is good; {@link #SLOW} (succeeded, slower than the
 * monitor's {@code slow} threshold), {@link #DEGRADED} (a {@code warn} assertion failed) and {@link
 * #DOWN} are bad. {@link #UNKNOWN} (Vitals could not check) counts as neither.
 */
public enum Outcome {
    UP(0),
    SLOW(1),
    DEGRADED(2),
    DOWN(3),
    UNKNOWN(4);

    private final int code;

    Outcome(int code) {
        this.code = code;
    }

    /** The number stored in the database; never reuse one. */
    public int code() {
        return code;
    }

    public static Outcome ofCode(int code) {
        for (Outcome o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        throw new IllegalArgumentException("no outcome with code " + code);
    }

    public boolean isGood() {
        return this == UP;
    }

    public boolean isBad() {
        return this == SLOW || this == DEGRADED || this == DOWN;
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.vitals.monitors;

/**
 * How many results in a row a monitor needs before its state changes: {@code failAfter} bad ones to
 * leave a good state, {@code recoverAfter} good ones to return. Confirming before flipping is what
 * keeps one blip from paging anybody.
 */
public record Confirm(int failAfter, int recoverAfter) {
    public static final Confirm DEFAULT = new Confirm(2, 2);

    public Confirm {
        if (failAfter < 1 || recoverAfter < 1) {
            throw new IllegalArgumentException("confirmation counts start at 1");
        }
    }
}

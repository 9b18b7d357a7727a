package dev.vitals.checks.http;

import dev.vitals.checks.Deadline;

/**
 * Text for a regular expression that gives up at the deadline. Java's regex engine backtracks, and
 * an unlucky {@code body_matches} on a large body can run for hours; it reads the text only through
 * {@link #charAt}, so checking the clock there (every few thousand characters) bounds it.
 */
final class GuardedText implements CharSequence {
    /** Thrown out of the regex engine when time is up; caught by the judge. */
    static final class OutOfTime extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfTime() {
            super("regular expression ran out of time", null, false, false);
        }
    }

    private final CharSequence text;
    private final Deadline deadline;
    private final int[] reads;

    GuardedText(CharSequence text, Deadline deadline) {
        this(text, deadline, new int[1]);
    }

    private GuardedText(CharSequence text, Deadline deadline, int[] reads) {
        this.text = text;
        this.deadline = deadline;
        this.reads = reads;
    }

    @Override
    public char charAt(int index) {
        if ((++reads[0] & 0xFFF) == 0
                && (deadline.expired() || Thread.currentThread().isInterrupted())) {
            throw new OutOfTime();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new GuardedText(text.subSequence(start, end), deadline, reads);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

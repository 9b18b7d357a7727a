package dev.vitals.cli;

import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes of a command's output, stdout and stderr together in the order
 * they arrived: what {@code vitals run} sends as the run's log. A ring buffer, so a job that prints
 * gigabytes costs no more memory than the tail it keeps.
 */
final class OutputTail {
    private final byte[] ring;
    private long total;

    OutputTail(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a tail of " + capacity + " bytes");
        }
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        total += length;
        int cap = ring.length;
        if (cap == 0) {
            return;
        }
        if (length > cap) {
            offset += length - cap;
            length = cap;
        }
        // total already counts these bytes: they end where the ring's write position now is.
        int end = (int) (total % cap);
        int start = Math.floorMod(end - length, cap);
        int first = Math.min(length, cap - start);
        System.arraycopy(bytes, offset, ring, start, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
    }

    /** How many bytes went through, kept or not. */
    synchronized long total() {
        return total;
    }

    /**
     * The kept bytes as text. When the cut fell inside a multi-byte UTF-8 character, its remaining
     * bytes are dropped rather than decoded into replacement characters, so the text starts clean.
     */
    synchronized String text() {
        int cap = ring.length;
        byte[] kept;
        if (cap == 0) {
            return "";
        }
        if (total <= cap) {
            kept = java.util.Arrays.copyOf(ring, (int) total);
        } else {
            int start = (int) (total % cap);
            kept = new byte[cap];
            System.arraycopy(ring, start, kept, 0, cap - start);
            System.arraycopy(ring, 0, kept, cap - start, start);
        }
        int skip = 0;
        if (total > cap) {
            // A UTF-8 character is at most 4 bytes, so at most 3 continuation bytes (10xxxxxx) lead.
            while (skip < 3 && skip < kept.length && (kept[skip] & 0xC0) == 0x80) {
                skip++;
            }
        }
        return new String(kept, skip, kept.length - skip, StandardCharsets.UTF_8);
    }
}

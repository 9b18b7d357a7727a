package dev.vitals.results;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A mergeable summary of latencies from which percentiles can be read with at most 1% relative
 * error, whatever the spread of the values.
 *
 * <p>Why this shape: rollups must answer "p99 over 90 days" by merging thousands of stored buckets,
 * so the summary has to merge exactly and stay small. Values (microseconds) are counted in buckets
 * whose bounds grow geometrically by γ = 1.01/0.99; any value in bucket i is within 1% of the
 * bucket's representative value. Merging adds counts bucket by bucket, so merged percentiles are as
 * accurate as those of a single sketch. This is the DDSketch idea (Masson, Rim and Lee, 2019) in its
 * simplest form: one dense array of counts, since latencies of one monitor span a few hundred
 * buckets at most (1 µs to 1 h is about 1,100).
 *
 * <p>The stored form is a version byte, then varints: the count of values under 1 µs, the number of
 * non-empty buckets, and for each the index delta and the count. A minute of a 10-second monitor
 * takes a dozen bytes.
 */
public final class LatencySketch {
    private static final double ALPHA = 0.01;
    private static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
    private static final double LN_GAMMA = Math.log(GAMMA);
    private static final byte VERSION = 1;

    private long[] counts = new long[0];
    private int offset;
    private long zeroCount;
    private long total;

    public void add(long micros) {
        add(micros, 1);
    }

    public void add(long micros, long count) {
        if (count <= 0) {
            return;
        }
        total += count;
        if (micros < 1) {
            zeroCount += count;
            return;
        }
        int i = index(micros);
        ensure(i);
        counts[i - offset] += count;
    }

    public void merge(LatencySketch other) {
        zeroCount += other.zeroCount;
        total += other.total;
        for (int j = 0; j < other.counts.length; j++) {
            if (other.counts[j] != 0) {
                int i = j + other.offset;
                ensure(i);
                counts[i - offset] += other.counts[j];
            }
        }
    }

    public long count() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** The value at quantile {@code q} (0 to 1), in microseconds; 0 for an empty sketch. */
    public long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.floor(Math.clamp(q, 0.0, 1.0) * (total - 1));
        if (rank < zeroCount) {
            return 0;
        }
        long seen = zeroCount;
        for (int j = 0; j < counts.length; j++) {
            seen += counts[j];
            if (seen > rank) {
                return value(j + offset);
            }
        }
        return value(offset + counts.length - 1);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        out.write(VERSION);
        writeVarint(out, zeroCount);
        int nonEmpty = 0;
        for (long c : counts) {
            if (c != 0) {
                nonEmpty++;
            }
        }
        writeVarint(out, nonEmpty);
        int previous = 0;
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] != 0) {
                int i = j + offset;
                writeVarint(out, zigzag(i - previous));
                writeVarint(out, counts[j]);
                previous = i;
            }
        }
        return out.toByteArray();
    }

    public static LatencySketch decode(byte[] bytes) {
        LatencySketch s = new LatencySketch();
        if (bytes.length == 0) {
            return s;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown latency sketch version " + version);
        }
        long zeros = readVarint(in);
        s.zeroCount = zeros;
        s.total = zeros;
        long n = readVarint(in);
        int index = 0;
        for (long k = 0; k < n; k++) {
            index += unzigzag(readVarint(in));
            long c = readVarint(in);
            s.ensure(index);
            s.counts[index - s.offset] += c;
            s.total += c;
        }
        return s;
    }

    static int index(long micros) {
        return (int) Math.ceil(Math.log(micros) / LN_GAMMA);
    }

    /** The representative value of bucket i: within 1% of every value in it. */
    static long value(int i) {
        return Math.round(2 * Math.pow(GAMMA, i) / (GAMMA + 1));
    }

    private void ensure(int i) {
        if (counts.length == 0) {
            counts = new long[8];
            offset = i;
            return;
        }
        if (i < offset) {
            int grow = Math.max(offset - i, 8);
            long[] next = new long[counts.length + grow];
            System.arraycopy(counts, 0, next, grow, counts.length);
            counts = next;
            offset -= grow;
        } else if (i >= offset + counts.length) {
            counts = Arrays.copyOf(counts, Math.max(i - offset + 1, counts.length + 8));
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static int unzigzag(long v) {
        return (int) ((v >>> 1) ^ -(v & 1));
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint in latency sketch");
    }
}

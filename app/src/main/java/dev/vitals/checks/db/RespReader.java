package dev.vitals.checks.db;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RESP2 replies, within limits that keep a check small whatever the server sends: at most
 * {@value #MAX_REPLY} bytes in one reply, arrays nested at most {@value #MAX_DEPTH} deep, and a
 * clear refusal of anything that is not RESP (an HTTP server on the Redis port, say). Before every
 * read from the network it calls {@code beforeRead}, where the checker sets the socket timeout to
 * the time left.
 */
final class RespReader {
    static final int MAX_REPLY = 1024 * 1024;
    static final int MAX_DEPTH = 16;
    private static final int MAX_LINE = 64 * 1024;

    /** Runs before each read from the network; may throw to stop at the deadline. */
    @FunctionalInterface
    interface BeforeRead {
        void run() throws IOException;
    }

    /** The server did not speak RESP, or said more than a check reads. */
    static final class RespException extends IOException {
        private static final long serialVersionUID = 1L;

        RespException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final BeforeRead beforeRead;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private long consumed;

    RespReader(InputStream in, BeforeRead beforeRead) {
        this.in = in;
        this.beforeRead = beforeRead;
    }

    /** Waits until the first byte of the next reply has arrived, without consuming it. */
    void awaitFirstByte() throws IOException {
        if (pos == limit) {
            fill();
        }
    }

    /** Reads one whole reply. */
    Reply reply() throws IOException {
        consumed = 0;
        return reply(0);
    }

    private Reply reply(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new RespException("reply nested more than " + MAX_DEPTH + " deep");
        }
        int type = read();
        return switch (type) {
            case '+' -> new Reply.Value(line());
            case '-' -> new Reply.Error(line());
            case ':' -> new Reply.Value(Long.toString(number()));
            case '$' -> bulk();
            case '*' -> array(depth);
            default -> throw new RespException("not a Redis reply (it starts with " + printable(type) + ")");
        };
    }

    private Reply bulk() throws IOException {
        long length = number();
        if (length < 0) {
            return Reply.NIL;
        }
        if (length > MAX_REPLY) {
            throw new RespException("reply of " + length + " bytes, more than the " + MAX_REPLY + " a check reads");
        }
        byte[] bytes = new byte[(int) length];
        for (int off = 0; off < bytes.length; ) {
            if (pos == limit) {
                fill();
            }
            int n = Math.min(limit - pos, bytes.length - off);
            System.arraycopy(buffer, pos, bytes, off, n);
            pos += n;
            off += n;
            count(n);
        }
        if (read() != '\r' || read() != '\n') {
            throw new RespException("malformed reply (bulk string not ended by CRLF)");
        }
        return new Reply.Value(new String(bytes, StandardCharsets.UTF_8));
    }

    private Reply array(int depth) throws IOException {
        long count = number();
        if (count < 0) {
            return Reply.NIL;
        }
        if (count > MAX_REPLY / 3) { // every element takes at least 3 bytes
            throw new RespException("reply of " + count + " elements, more than a check reads");
        }
        List<Reply> items = new ArrayList<>((int) Math.min(count, 1024));
        for (long i = 0; i < count; i++) {
            items.add(reply(depth + 1));
        }
        return new Reply.Array(items);
    }

    private long number() throws IOException {
        String line = line();
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new RespException("malformed reply (\"" + Reasons.truncate(line, 40) + "\" is not a number)");
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = read();
            if (b == '\r') {
                if (read() != '\n') {
                    throw new RespException("malformed reply (CR without LF)");
                }
                // RESP2 lines are ASCII in practice; Latin-1 keeps any stray byte visible and one char.
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new RespException("reply line longer than " + MAX_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    private int read() throws IOException {
        if (pos == limit) {
            fill();
        }
        count(1);
        return buffer[pos++] & 0xff;
    }

    private void count(int n) throws RespException {
        consumed += n;
        if (consumed > MAX_REPLY + MAX_LINE) {
            throw new RespException("reply larger than the " + MAX_REPLY + " bytes a check reads");
        }
    }

    private void fill() throws IOException {
        beforeRead.run();
        int n = in.read(buffer);
        if (n < 0) {
            throw new EOFException("connection closed");
        }
        pos = 0;
        limit = n;
    }

    private static String printable(int b) {
        return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
    }
}

package dev.vitals.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.1 client that writes a request byte for byte, for what {@code java.net.http} refuses to
 * send: control characters and non-ASCII in headers and paths, unencoded characters, a body shorter
 * than its Content-Length, invalid UTF-8. Every exchange has a connection of its own, closed after
 * the reply.
 */
public final class RawHttp {
    private final String host;
    private final int port;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** What came back: the status, the headers (names in lower case) and the body as UTF-8 text. */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        public String contentType() {
            return header("content-type").orElse("");
        }
    }

    /** A request being written: its method, target and headers; a body is added with one of the body methods. */
    public static final class Request {
        private final String method;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean closed;

        private Request(String method, String target) {
            this.method = method;
            write(method + " " + target + " HTTP/1.1\r\n");
        }

        public String method() {
            return method;
        }

        /** A header as given; the value is written as UTF-8, control characters and all. */
        public Request header(String name, String value) {
            write(name + ": " + value + "\r\n");
            return this;
        }

        /** Ends the headers without a body. */
        public byte[] bytes() {
            return body(Optional.empty(), new byte[0]);
        }

        /** The body with its Content-Length. */
        public byte[] body(byte[] body) {
            return body(Optional.of((long) body.length), body);
        }

        /**
         * Declares {@code length} bytes but sends only {@code sent}: the rest would come later, and a
         * server that waits for it does not answer in time.
         */
        public byte[] declaring(long length, byte[] sent) {
            return body(Optional.of(length), sent);
        }

        /** The body in chunks of {@code size} bytes, without a Content-Length. */
        public byte[] chunked(byte[] body, int size) {
            header("Transfer-Encoding", "chunked");
            end();
            for (int at = 0; at < body.length; at += size) {
                int n = Math.min(size, body.length - at);
                write(Integer.toHexString(n) + "\r\n");
                out.write(body, at, n);
                write("\r\n");
            }
            write("0\r\n\r\n");
            return out.toByteArray();
        }

        private byte[] body(Optional<Long> length, byte[] body) {
            length.ifPresent(n -> header("Content-Length", Long.toString(n)));
            end();
            out.writeBytes(body);
            return out.toByteArray();
        }

        private void end() {
            if (closed) {
                throw new IllegalStateException("the request is written already");
            }
            closed = true;
            write("\r\n");
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A request with {@code Host} and {@code Connection: close} set; add headers and a body. */
    public Request request(String method, String target) {
        return new Request(method, target).header("Host", host + ":" + port).header("Connection", "close");
    }

    /**
     * Writes {@code bytes} and reads one reply, failing when none is complete within {@code timeout}.
     * The request is written from another thread while the reply is read: a server may answer (and
     * stop reading) before a long body is all written, and a write that then fails is expected.
     */
    public Reply exchange(String method, byte[] bytes, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed: what it answered is read below
                }
            });
            try {
                return read(s.getInputStream(), method);
            } finally {
                writer.interrupt();
            }
        }
    }

    /**
     * Reads one reply from {@code in} (skipping 1xx interim replies), for callers that write the
     * request themselves, such as one that keeps writing a body while the answer comes.
     */
    public static Reply read(InputStream in, String method) throws IOException {
        while (true) {
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP reply: " + status);
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.computeIfAbsent(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).strip());
            }
            if (code >= 100 && code < 200) {
                continue;
            }
            byte[] body;
            if (method.equals("HEAD") || code == 204 || code == 304) {
                body = new byte[0];
            } else if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
                body = dechunk(in);
            } else if (headers.containsKey("content-length")) {
                body = exactly(
                        in, Integer.parseInt(headers.get("content-length").get(0)));
            } else {
                body = in.readAllBytes();
            }
            return new Reply(code, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (n == 0) {
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not needed
                }
                return out.toByteArray();
            }
            out.writeBytes(exactly(in, n));
            line(in);
        }
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("the reply ended after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the connection closed in the middle of the reply");
            }
            if (c != '\r') {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}

package dev.vitals.checks;

import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.TcpTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checkers once against a throwaway loopback server before the first real check. A cold
 * JVM spends most of a second loading and linking the HTTP client's classes on its first request;
 * without this, the first check of every service after a start would count as slow, and {@code
 * vitals check} would report a healthy service as slow.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final byte[] ANSWER =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private WarmUp() {}

    public static void run(Checkers checkers) {
        long start = System.nanoTime();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering =
                    Thread.ofPlatform().daemon(true).name("vitals-warm-up").start(() -> answer(server));
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/";
            HttpTarget http = new HttpTarget(
                    URI.create(url),
                    "GET",
                    Map.of(),
                    Optional.empty(),
                    0,
                    true,
                    Optional.empty(),
                    1024,
                    HttpTarget.Expect.NONE,
                    HttpTarget.Expect.NONE);
            checkers.http().check(http, Deadline.in(Duration.ofSeconds(5)));
            checkers.tcp()
                    .check(
                            new TcpTarget(
                                    "127.0.0.1",
                                    server.getLocalPort(),
                                    Optional.empty(),
                                    TcpTarget.Expect.NONE,
                                    TcpTarget.Expect.NONE),
                            Deadline.in(Duration.ofSeconds(5)));
            answering.interrupt();
            // Loads the JDK's trusted roots, which the first TLS check would otherwise pay for.
            SSLContext.getDefault().createSSLEngine();
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            LOG.debug("warm-up failed; the first checks may be slower: {}", e.toString());
        }
        LOG.debug("checkers warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private static void answer(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                // Read the request head, then answer; a TCP check sends nothing and is closed at once.
                int matched = 0;
                int b;
                while (matched < 4 && (b = in.read()) >= 0) {
                    matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                }
                OutputStream out = s.getOutputStream();
                out.write(ANSWER);
                out.flush();
            } catch (IOException e) {
                // the next connection, or the server was closed
            }
        }
    }
}

package dev.vitals.notify.email;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.vitals.testkit.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server for what GreenMail cannot stage: STARTTLS (GreenMail's SMTP does not offer it)
 * and chosen replies to {@code RCPT TO} (a 550 for an unknown mailbox, a 451 for greylisting). It
 * speaks just enough ESMTP for Jakarta Mail and keeps each message's data and whether it came over
 * TLS.
 */
final class ScriptedSmtp implements AutoCloseable {
    /** One message as received: its DATA, and whether the connection had been upgraded to TLS. */
    record Received(String data, boolean overTls) {}

    private final TcpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private ScriptedSmtp(Optional<SSLContext> startTls, String rcptReply) {
        server = TcpServer.start(socket -> session(socket, startTls, rcptReply));
    }

    /** Offers STARTTLS with the given server context, and takes every recipient. */
    static ScriptedSmtp withStartTls(SSLContext tls) {
        return new ScriptedSmtp(Optional.of(tls), "250 ok");
    }

    /** Answers every {@code RCPT TO} with {@code reply}, such as {@code "550 5.1.1 no such user"}. */
    static ScriptedSmtp rcptReply(String reply) {
        return new ScriptedSmtp(Optional.empty(), reply);
    }

    int port() {
        return server.port();
    }

    List<Received> received() {
        return received;
    }

    private void session(Socket plain, Optional<SSLContext> startTls, String rcptReply) throws IOException {
        Socket socket = plain;
        boolean tls = false;
        BufferedReader in = reader(socket);
        write(socket, "220 scripted ESMTP\r\n");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" ->
                    write(
                            socket,
                            startTls.isPresent() && !tls ? "250-scripted\r\n250 STARTTLS\r\n" : "250 scripted\r\n");
                case "HELO", "MAIL", "RSET", "NOOP" -> write(socket, "250 ok\r\n");
                case "RCPT" -> write(socket, rcptReply + "\r\n");
                case "STARTTLS" -> {
                    write(socket, "220 go ahead\r\n");
                    SSLSocket s = (SSLSocket) startTls.orElseThrow()
                            .getSocketFactory()
                            .createSocket(socket, "127.0.0.1", socket.getPort(), true);
                    s.setUseClientMode(false);
                    s.startHandshake();
                    socket = s;
                    in = reader(socket);
                    tls = true;
                }
                case "DATA" -> {
                    write(socket, "354 go on\r\n");
                    StringBuilder data = new StringBuilder();
                    for (String l = in.readLine(); l != null && !l.equals("."); l = in.readLine()) {
                        data.append(l).append("\r\n");
                    }
                    received.add(new Received(data.toString(), tls));
                    write(socket, "250 queued\r\n");
                }
                case "QUIT" -> {
                    write(socket, "221 bye\r\n");
                    return;
                }
                default -> write(socket, "502 not here\r\n");
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8));
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.close();
    }
}

package dev.vitals.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.alerting.Receiver;
import dev.vitals.notify.Channel;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends an {@link EmailFormat} payload over SMTP, as multipart/alternative (text, then HTML), to the
 * receiver's addresses. STARTTLS follows {@link Receiver.StartTls}: {@code ALWAYS} refuses to send
 * over a connection the server will not upgrade (and checks the server's certificate and name),
 * {@code IF_OFFERED} upgrades when the server offers it, {@code NEVER} does not ask. Each connect,
 * read and write is cut at the configured timeout, and the whole conversation at the dispatcher's
 * deadline.
 *
 * <p>Judging follows SMTP's reply codes: a 5xx (a refused address, a refused login, a refused
 * message) fails for good; a 4xx (a full mailbox, greylisting, a busy server), a timeout or no
 * connection is retried. The {@code Message-ID} is made from the notification's id, the same on
 * every attempt, so that a mail client can drop a repeat after an attempt whose outcome was lost.
 */
public final class EmailChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Receiver.Email target;
    private final InstantSource clock;
    private final Optional<SSLSocketFactory> tls;

    public EmailChannel(Receiver.Email target, InstantSource clock) {
        this(target, clock, Optional.empty());
    }

    /**
     * @param tls the sockets for STARTTLS, for a server whose certificate the JDK's trust store does not
     *     know (tests); the JDK's default otherwise
     */
    public EmailChannel(Receiver.Email target, InstantSource clock, Optional<SSLSocketFactory> tls) {
        this.target = target;
        this.clock = clock;
        this.tls = tls;
    }

    @Override
    public Delivery deliver(Claimed n, Duration deadline) {
        Receiver.Smtp smtp = target.smtp();
        Duration limit = deadline.compareTo(smtp.timeout()) < 0 ? deadline : smtp.timeout();
        Sockets sockets = new Sockets();
        Session session = Session.getInstance(properties(smtp, limit, sockets));
        MimeMessage mail;
        try {
            mail = message(session, n);
        } catch (IOException | MessagingException e) {
            return new Delivery.Failed("cannot make an email of the notification: " + why(e), Optional.empty());
        }
        // The whole conversation ends at the deadline, however promptly each line is answered.
        Thread watchdog = Thread.ofVirtual().name("smtp-deadline-" + n.nid()).start(() -> {
            try {
                Thread.sleep(deadline);
                sockets.closeAll();
            } catch (InterruptedException e) {
                // done in time
            }
        });
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect(
                    smtp.host(),
                    smtp.port(),
                    smtp.username().orElse(null),
                    smtp.password().map(p -> p.reveal()).orElse(null));
            transport.sendMessage(mail, mail.getAllRecipients());
        } catch (MessagingException e) {
            if (sockets.closed()) {
                return new Delivery.Retry(
                        "SMTP " + smtp.host() + ":" + smtp.port() + ": not done within " + deadline.toMillis() + " ms",
                        Optional.empty(),
                        Optional.empty());
            }
            return judge(e, limit);
        } finally {
            closeQuietly(transport);
            watchdog.interrupt();
        }
        return new Delivery.Sent(Optional.empty());
    }

    /**
     * Ends the conversation with QUIT. A failure here comes after the server took the message (or
     * after the failure already judged), so it changes nothing: judging it would send the mail twice.
     */
    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            // the message was taken, or the attempt has failed already
        }
    }

    private Properties properties(Receiver.Smtp smtp, Duration limit, Sockets sockets) {
        Properties p = new Properties();
        String ms = Long.toString(Math.max(1, limit.toMillis()));
        p.setProperty("mail.smtp.connectiontimeout", ms);
        p.setProperty("mail.smtp.timeout", ms);
        p.setProperty("mail.smtp.writetimeout", ms);
        p.setProperty("mail.smtp.auth", Boolean.toString(smtp.username().isPresent()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls() != Receiver.StartTls.NEVER));
        p.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.starttls() == Receiver.StartTls.ALWAYS));
        // Jakarta Mail checks the certificate's chain but not its name unless asked; without the name
        // check, STARTTLS would stop only passive eavesdroppers.
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.socketFactory", sockets);
        tls.ifPresent(f -> p.put("mail.smtp.ssl.socketFactory", f));
        return p;
    }

    private MimeMessage message(Session session, Claimed n) throws IOException, MessagingException {
        JsonNode payload = JSON.readTree(n.payload());
        String subject = field(payload, "subject");
        String text = field(payload, "text");
        String html = field(payload, "html");
        String messageId = "<" + n.nid() + "@vitals>";
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(new InternetAddress(target.from(), true));
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, addresses());
        mail.setSubject(subject, StandardCharsets.UTF_8.name());
        mail.setSentDate(Date.from(clock.instant()));
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
        // Text first: multipart/alternative lists the plainest part first and the preferred one last.
        MimeMultipart body = new MimeMultipart("alternative", textPart, htmlPart);
        mail.setContent(body);
        mail.saveChanges();
        return mail;
    }

    private InternetAddress[] addresses() throws AddressException {
        InternetAddress[] to = new InternetAddress[target.to().size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(target.to().get(i), true);
        }
        return to;
    }

    private static String field(JsonNode payload, String name) throws IOException {
        JsonNode v = payload.get(name);
        if (v == null || !v.isTextual()) {
            throw new IOException("the payload has no text \"" + name + "\"");
        }
        return v.asText();
    }

    /** A 5xx reply fails for good; a 4xx reply, a timeout or no connection is retried. */
    private Delivery judge(MessagingException e, Duration limit) {
        String where = "SMTP " + target.smtp().host() + ":" + target.smtp().port() + ": ";
        Optional<Refusal> refusal = refusal(e);
        if (refusal.isPresent()) {
            String why = where + refusal.get().why();
            return refusal.get().code() >= 500
                    ? new Delivery.Failed(why, Optional.empty())
                    : new Delivery.Retry(why, Optional.empty(), Optional.empty());
        }
        if (e instanceof AuthenticationFailedException) {
            // The server refused the login (535, though Jakarta Mail does not keep the code).
            return new Delivery.Failed(where + "login refused: " + why(e), Optional.empty());
        }
        if (e.getMessage() != null && e.getMessage().contains("STARTTLS is required")) {
            return new Delivery.Failed(
                    where + "the server does not offer STARTTLS, and starttls is \"always\": not sent",
                    Optional.empty());
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return new Delivery.Retry(
                    where + "no answer within " + limit.toMillis() + " ms", Optional.empty(), Optional.empty());
        }
        // No connection, a connection lost, a TLS handshake that failed: all may pass.
        return new Delivery.Retry(where + why(e), Optional.empty(), Optional.empty());
    }

    /** A reply of the server that refused a recipient, the sender or the message. */
    private record Refusal(int code, String why) {}

    /** Jakarta Mail chains a refusal as the next exception, which is also its {@code getCause()}. */
    private static Optional<Refusal> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Optional<Refusal> r = switch (t) {
                case SMTPAddressFailedException a ->
                    Optional.of(new Refusal(a.getReturnCode(), a.getAddress() + ": " + why(a)));
                case SMTPSenderFailedException s ->
                    Optional.of(new Refusal(s.getReturnCode(), s.getAddress() + ": " + why(s)));
                case SMTPSendFailedException s -> Optional.of(new Refusal(s.getReturnCode(), why(s)));
                default -> Optional.empty();
            };
            if (r.isPresent() && r.get().code() >= 400 && r.get().code() < 600) {
                return r;
            }
        }
        return Optional.empty();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String why(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s+", " ");
    }
}

package dev.vitals.notify.email;

import static dev.vitals.notify.Messages.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vitals.alerting.Receiver;
import dev.vitals.config.Secret;
import dev.vitals.notify.Claimed;
import dev.vitals.notify.Delivery;
import dev.vitals.notify.Messages;
import dev.vitals.testkit.Certificates;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TcpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The email channel against real SMTP servers on loopback: GreenMail for mail that arrives and logins
 * that are refused, {@link ScriptedSmtp} for STARTTLS and chosen refusals, and ports where nothing
 * answers.
 */
class EmailChannelTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("vitals", "s3cret"))
            .withPerMethodLifecycle(true);

    static final Certificates.Authority CA = Certificates.authority("Mail CA");

    SettableClock clock = new SettableClock(T0);
    Claimed n = Messages.claimed("email", EmailFormat.render(Messages.twoFiring()));

    @Test
    void theMailArrivesWithTheSubjectBothBodiesAndEveryRecipient() throws Exception {
        Delivery d = channel(smtp(GREENMAIL.getSmtp().getPort(), Receiver.StartTls.IF_OFFERED))
                .deliver(n, Duration.ofSeconds(10));

        assertThat(d).isEqualTo(new Delivery.Sent(Optional.empty()));
        MimeMessage[] received = GREENMAIL.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient's mailbox
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[FIRING:2] service=erp");
        assertThat(mail.getFrom()).extracting(Address::toString).containsExactly("vitals@example.org");
        assertThat(mail.getRecipients(Message.RecipientType.TO))
                .extracting(Address::toString)
                .containsExactly("ops@example.org", "oncall@example.org");
        assertThat(mail.getMessageID()).isEqualTo("<n-0001@vitals>");
        assertThat(mail.getSentDate().toInstant()).isEqualTo(T0);
        MimeMultipart body = (MimeMultipart) mail.getContent();
        assertThat(body.getContentType()).startsWith("multipart/alternative");
        assertThat(body.getCount()).isEqualTo(2);
        assertThat(body.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(body.getBodyPart(0).getContent().toString()).contains("FIRING    ERP web front is down");
        assertThat(body.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(body.getBodyPart(1).getContent().toString()).contains("<h2");
    }

    @Test
    void aLoginWithTheRightPasswordSends() {
        Receiver.Smtp smtp = withLogin(smtp(GREENMAIL.getSmtp().getPort(), Receiver.StartTls.NEVER), "s3cret");

        assertThat(channel(smtp).deliver(n, Duration.ofSeconds(10))).isInstanceOf(Delivery.Sent.class);
        assertThat(GREENMAIL.getReceivedMessages()).hasSize(2);
    }

    @Test
    void aLoginTheServerRefusesFailsForGood() {
        Receiver.Smtp smtp = withLogin(smtp(GREENMAIL.getSmtp().getPort(), Receiver.StartTls.NEVER), "wrong");

        Delivery d = channel(smtp).deliver(n, Duration.ofSeconds(10));

        assertThat(d)
                .isInstanceOfSatisfying(
                        Delivery.Failed.class,
                        f -> assertThat(f.why())
                                .startsWith("SMTP 127.0.0.1:" + smtp.port() + ": ")
                                .doesNotContain("wrong"));
        assertThat(GREENMAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsAlwaysRefusesToSendToAServerThatDoesNotOfferIt() {
        Delivery d = channel(smtp(GREENMAIL.getSmtp().getPort(), Receiver.StartTls.ALWAYS))
                .deliver(n, Duration.ofSeconds(10));

        assertThat(d)
                .isInstanceOfSatisfying(
                        Delivery.Failed.class,
                        f -> assertThat(f.why())
                                .contains("the server does not offer STARTTLS, and starttls is \"always\": not sent"));
        assertThat(GREENMAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsUpgradesTheConnectionBeforeTheMailIsSent() {
        Certificates.Leaf leaf = CA.issue("127.0.0.1", YEAR_2020, YEAR_2100, "127.0.0.1");
        for (Receiver.StartTls mode : List.of(Receiver.StartTls.ALWAYS, Receiver.StartTls.IF_OFFERED)) {
            try (ScriptedSmtp server = ScriptedSmtp.withStartTls(leaf.serverContext())) {
                Delivery d = new EmailChannel(
                                email(smtp(server.port(), mode)),
                                clock,
                                Optional.of(CA.clientContext().getSocketFactory()))
                        .deliver(n, Duration.ofSeconds(10));

                assertThat(d).as(mode.name()).isInstanceOf(Delivery.Sent.class);
                assertThat(server.received()).singleElement().satisfies(r -> {
                    assertThat(r.overTls()).isTrue();
                    assertThat(r.data()).contains("Subject: [FIRING:2] service=erp");
                });
            }
        }
    }

    @Test
    void starttlsNeverSendsInTheClearEvenWhenTheServerOffersIt() {
        Certificates.Leaf leaf = CA.issue("127.0.0.1", YEAR_2020, YEAR_2100, "127.0.0.1");
        try (ScriptedSmtp server = ScriptedSmtp.withStartTls(leaf.serverContext())) {
            Delivery d = channel(smtp(server.port(), Receiver.StartTls.NEVER)).deliver(n, Duration.ofSeconds(10));

            assertThat(d).isInstanceOf(Delivery.Sent.class);
            assertThat(server.received())
                    .singleElement()
                    .satisfies(r -> assertThat(r.overTls()).isFalse());
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRetriedAndNothingIsSent() {
        Certificates.Leaf stranger =
                Certificates.authority("Other CA").issue("127.0.0.1", YEAR_2020, YEAR_2100, "127.0.0.1");
        try (ScriptedSmtp server = ScriptedSmtp.withStartTls(stranger.serverContext())) {
            Delivery d = new EmailChannel(
                            email(smtp(server.port(), Receiver.StartTls.ALWAYS)),
                            clock,
                            Optional.of(CA.clientContext().getSocketFactory()))
                    .deliver(n, Duration.ofSeconds(10));

            assertThat(d).isInstanceOf(Delivery.Retry.class);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void anAddressTheServerRefusesFailsForGood() {
        try (ScriptedSmtp server = ScriptedSmtp.rcptReply("550 5.1.1 no such user")) {
            Delivery d =
                    channel(smtp(server.port(), Receiver.StartTls.IF_OFFERED)).deliver(n, Duration.ofSeconds(10));

            assertThat(d)
                    .isInstanceOfSatisfying(
                            Delivery.Failed.class, f -> assertThat(f.why()).contains("no such user"));
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void aTemporaryRefusalSuchAsGreylistingIsRetried() {
        try (ScriptedSmtp server = ScriptedSmtp.rcptReply("451 4.7.1 greylisted, try again later")) {
            Delivery d =
                    channel(smtp(server.port(), Receiver.StartTls.IF_OFFERED)).deliver(n, Duration.ofSeconds(10));

            assertThat(d)
                    .isInstanceOfSatisfying(
                            Delivery.Retry.class, r -> assertThat(r.why()).contains("greylisted"));
        }
    }

    @Test
    void aPortWhereNothingListensIsRetried() {
        Receiver.Smtp smtp = smtp(TcpServer.unusedPort(), Receiver.StartTls.IF_OFFERED);

        Delivery d = channel(smtp).deliver(n, Duration.ofSeconds(10));

        assertThat(d)
                .isInstanceOfSatisfying(
                        Delivery.Retry.class,
                        r -> assertThat(r.why()).startsWith("SMTP 127.0.0.1:" + smtp.port() + ": "));
    }

    @Test
    void aServerThatNeverGreetsIsCutAtTheTimeoutAndRetried() {
        try (TcpServer silent = TcpServer.silent()) {
            Receiver.Smtp smtp = new Receiver.Smtp(
                    "127.0.0.1",
                    silent.port(),
                    Receiver.StartTls.IF_OFFERED,
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofMillis(300));

            Delivery d = channel(smtp).deliver(n, Duration.ofSeconds(10));

            assertThat(d)
                    .isInstanceOfSatisfying(
                            Delivery.Retry.class, r -> assertThat(r.why()).endsWith("no answer within 300 ms"));
        }
    }

    @Test
    void aServerThatAnswersEachLineJustInTimeIsCutAtTheDeadline() {
        // Each reply comes within the 1 s timeout, but the whole conversation would take over 2 s.
        try (TcpServer slow = TcpServer.lines("220 slow ESMTP\r\n", line -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return line.startsWith("DATA") ? "354 go on\r\n" : "250 ok\r\n";
        })) {
            Receiver.Smtp smtp = new Receiver.Smtp(
                    "127.0.0.1",
                    slow.port(),
                    Receiver.StartTls.NEVER,
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofSeconds(1));
            long t0 = System.nanoTime();

            Delivery d = channel(smtp).deliver(n, Duration.ofMillis(700));

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
            assertThat(d)
                    .isInstanceOfSatisfying(
                            Delivery.Retry.class, r -> assertThat(r.why()).endsWith("not done within 700 ms"));
        }
    }

    @Test
    void aPayloadThatIsNotAnEmailFailsForGood() {
        Delivery d = channel(smtp(GREENMAIL.getSmtp().getPort(), Receiver.StartTls.NEVER))
                .deliver(Messages.claimed("email", "{\"subject\":\"hi\"}"), Duration.ofSeconds(10));

        assertThat(d)
                .isEqualTo(new Delivery.Failed(
                        "cannot make an email of the notification: the payload has no text \"text\"",
                        Optional.empty()));
    }

    static final Instant YEAR_2020 = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");

    private EmailChannel channel(Receiver.Smtp smtp) {
        return new EmailChannel(email(smtp), clock);
    }

    private static Receiver.Email email(Receiver.Smtp smtp) {
        return new Receiver.Email(List.of("ops@example.org", "oncall@example.org"), "vitals@example.org", smtp);
    }

    private static Receiver.Smtp smtp(int port, Receiver.StartTls starttls) {
        return new Receiver.Smtp(
                "127.0.0.1", port, starttls, Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
    }

    private static Receiver.Smtp withLogin(Receiver.Smtp s, String password) {
        return new Receiver.Smtp(
                s.host(),
                s.port(),
                s.starttls(),
                Optional.of("vitals"),
                Optional.of(new Secret(password)),
                s.timeout());
    }
}

package dev.vitals.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated office over real sockets: each condition is what a client sees. */
class OfficeTest {
    private final Office office = Office.start();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        office.close();
    }

    private HttpResponse<String> get(Endpoint e, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + office.port(e) + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Socket connect(Endpoint e) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", office.port(e)), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    private static String greeting(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    @Test
    void aHealthyOfficeAnswersWithItsPagesAndGreetings() throws Exception {
        assertThat(get(Endpoint.WIKI, "/").body()).contains("Office wiki");
        assertThat(get(Endpoint.PAYROLL, "/api/health").body()).contains("\"status\":\"ok\"");
        assertThat(get(Endpoint.BACKUP, "/status").body()).contains("\"last_night\":\"succeeded\"");
        assertThat(get(Endpoint.INTRANET, "/nowhere").statusCode()).isEqualTo(404);
        try (Socket s = connect(Endpoint.SMTP)) {
            assertThat(greeting(s)).startsWith("220 ");
        }
    }

    @Test
    void aFailingHttpServiceAnswers500AndRecovers() throws Exception {
        office.set(Service.PAYROLL, new Condition.Erroring(500));
        assertThat(get(Endpoint.PAYROLL, "/api/health").statusCode()).isEqualTo(500);
        assertThat(get(Endpoint.PAYROLL, "/").statusCode()).isEqualTo(500);
        assertThat(get(Endpoint.WIKI, "/").statusCode()).isEqualTo(200);

        office.set(Service.PAYROLL, Condition.HEALTHY);
        assertThat(get(Endpoint.PAYROLL, "/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aRefusingTcpServiceRefusesConnectionsThenListensAgainOnTheSamePort() throws Exception {
        int port = office.port(Endpoint.VPN);
        office.set(Service.VPN, new Condition.Refusing());
        assertThatThrownBy(() -> connect(Endpoint.VPN).close()).isInstanceOf(ConnectException.class);
        office.set(Service.VPN, new Condition.Refusing()); // idempotent

        office.set(Service.VPN, Condition.HEALTHY);
        assertThat(office.port(Endpoint.VPN)).isEqualTo(port);
        try (Socket s = connect(Endpoint.VPN)) {
            assertThat(greeting(s)).startsWith("VPN-GATEWAY ");
        }
    }

    @Test
    void aResettingTcpServiceAcceptsAndResetsEveryConnection() throws Exception {
        office.set(Service.FILES, new Condition.Resetting());
        for (Endpoint e : Endpoint.of(Service.FILES)) {
            // The reset may come while the client still sets up its socket or only at its first read.
            assertThatThrownBy(() -> {
                        try (Socket s = connect(e)) {
                            greeting(s);
                        }
                    })
                    .as(e.name())
                    .isInstanceOf(SocketException.class)
                    .isNotInstanceOf(ConnectException.class) // accepted, not refused
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aSlowServiceAnswersAsItShouldButLate() throws Exception {
        office.set(Service.WIKI, new Condition.Slow(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(Endpoint.WIKI, "/");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(r.body()).contains("Office wiki");

        office.set(Service.MAIL, new Condition.Slow(Duration.ofMillis(300)));
        try (Socket s = connect(Endpoint.IMAP)) {
            t0 = System.nanoTime();
            assertThat(greeting(s)).startsWith("* OK");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void theBackupStatusPageReportsAFailedNightWithBadNews() throws Exception {
        office.set(Service.BACKUP, new Condition.BadNews());
        HttpResponse<String> r = get(Endpoint.BACKUP, "/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"last_night\":\"failed\"");
    }

    @Test
    void aServiceIsNotToldWhatItsKindCannotDo() {
        assertThatThrownBy(() -> office.set(Service.VPN, new Condition.Erroring(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vpn cannot be told: answers 500");
        assertThatThrownBy(() -> office.set(Service.WIKI, new Condition.Refusing()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(office.condition(Service.VPN)).isEqualTo(Condition.HEALTHY);
    }
}

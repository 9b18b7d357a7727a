package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.accounts.SecuritySettings;
import dev.vitals.monitors.DnsTarget;
import dev.vitals.monitors.HostPort;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.RedisTarget;
import dev.vitals.monitors.SqlTarget;
import dev.vitals.monitors.Target;
import dev.vitals.monitors.TcpTarget;
import dev.vitals.monitors.TlsTarget;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NetworkGuardTest {
    private static final NetworkGuard METADATA = NetworkGuard.denying(SecuritySettings.DEFAULT_DENY);
    private static final NetworkGuard LOOPBACK = NetworkGuard.denying(List.of(
            Cidr.parse("127.0.0.0/8").orElseThrow(), Cidr.parse("::1/128").orElseThrow()));

    private static HttpTarget http(String url) {
        return new HttpTarget(
                URI.create(url),
                "GET",
                Map.of(),
                Optional.empty(),
                5,
                true,
                Optional.empty(),
                1024,
                HttpTarget.Expect.NONE,
                HttpTarget.Expect.NONE);
    }

    private static TcpTarget tcp(String host) {
        return new TcpTarget(host, 80, Optional.empty(), TcpTarget.Expect.NONE, TcpTarget.Expect.NONE);
    }

    private static SqlTarget postgres(String url) {
        return new SqlTarget(
                SqlTarget.Engine.POSTGRES,
                url,
                Optional.empty(),
                Optional.empty(),
                "select 1",
                SqlTarget.Expect.NONE,
                SqlTarget.Expect.NONE);
    }

    private static SqlTarget mysql(String url) {
        return new SqlTarget(
                SqlTarget.Engine.MYSQL,
                url,
                Optional.empty(),
                Optional.empty(),
                "select 1",
                SqlTarget.Expect.NONE,
                SqlTarget.Expect.NONE);
    }

    @Test
    void theDefaultDenyListRefusesTheCloudMetadataAddressesInWords() throws Exception {
        assertThat(METADATA.refusal(InetAddress.getByName("169.254.169.254")))
                .contains("169.254.169.254 is in a network checks may not reach"
                        + " (169.254.169.254/32, security.deny_networks)");
        assertThat(METADATA.refusal(InetAddress.getByName("169.254.170.2"))).isPresent();
        assertThat(METADATA.refusal(InetAddress.getByName("100.100.100.200"))).isPresent();
        assertThat(METADATA.refusal(InetAddress.getByName("fd00:ec2::254"))).isPresent();
        assertThat(METADATA.refusal(InetAddress.getByName("169.254.169.253"))).isEmpty();
        assertThat(METADATA.refusal(InetAddress.getByName("10.0.0.1"))).isEmpty();
    }

    @Test
    void anAddressFoundByNameIsNamedInTheReason() throws Exception {
        InetAddress found = InetAddress.getByAddress(
                "metadata.internal", new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});
        assertThat(METADATA.refusal(found))
                .contains("metadata.internal (169.254.169.254) is in a network checks may not reach"
                        + " (169.254.169.254/32, security.deny_networks)");
    }

    @Test
    void anIpv4MappedAddressIsRefusedAsItsIpv4Address() throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) 169;
        bytes[13] = (byte) 254;
        bytes[14] = (byte) 169;
        bytes[15] = (byte) 254;
        InetAddress mapped = Inet6Address.getByAddress(null, bytes, -1);
        assertThat(mapped).isInstanceOf(Inet6Address.class);

        assertThat(METADATA.refusal(mapped))
                .hasValueSatisfying(r -> assertThat(r).startsWith("169.254.169.254 is in a network"));
        assertThatThrownBy(() -> METADATA.check(new InetSocketAddress(mapped, 80)))
                .isInstanceOf(NetworkGuard.Refused.class);
        assertThat(METADATA.refusal(tcp("::ffff:169.254.169.254"))).isPresent();
    }

    @Test
    void anUnresolvedSocketAddressIsRefusedBecauseTheSocketWouldLookItUpUnseen() {
        assertThatThrownBy(() -> METADATA.check(InetSocketAddress.createUnresolved("example.org", 80)))
                .isInstanceOf(NetworkGuard.Refused.class)
                .hasMessageContaining("example.org was not looked up");
    }

    @Test
    void noneAndAnEmptyListAllowEverything() throws Exception {
        assertThat(NetworkGuard.NONE.refusal(InetAddress.getByName("169.254.169.254")))
                .isEmpty();
        assertThat(NetworkGuard.denying(List.of()).allowsAll()).isTrue();
        NetworkGuard.NONE.check(InetSocketAddress.createUnresolved("example.org", 80));
        assertThat(NetworkGuard.NONE.refusal(postgres("jdbc:postgresql://h/db?socketFactory=x.Y")))
                .isEmpty();
    }

    @Test
    void aTargetWrittenAsADeniedLiteralIsRefusedAtOnceForEveryKind() {
        List<Target> denied = List.of(
                http("http://169.254.169.254/latest/meta-data/"),
                http("https://[fd00:ec2::254]/"),
                http("http://[::ffff:169.254.169.254]/"),
                tcp("169.254.169.254"),
                new TlsTarget(
                        "100.100.100.200",
                        443,
                        Optional.empty(),
                        Optional.empty(),
                        TlsTarget.Expect.DEFAULT,
                        TlsTarget.Expect.NONE),
                new RedisTarget(
                        "169.254.170.2",
                        6379,
                        Optional.empty(),
                        Optional.empty(),
                        0,
                        false,
                        List.of("PING"),
                        RedisTarget.Expect.NONE,
                        RedisTarget.Expect.NONE),
                new DnsTarget(
                        "example.org",
                        "A",
                        Optional.of(new HostPort("169.254.169.254", 53)),
                        DnsTarget.Expect.NONE,
                        DnsTarget.Expect.NONE),
                postgres("jdbc:postgresql://169.254.169.254:5432/db"),
                mysql("jdbc:mysql://169.254.169.254/db"));
        for (Target t : denied) {
            assertThat(METADATA.refusal(t)).as(t.describe()).isPresent();
        }
        assertThat(METADATA.refusal(http("http://169.254.169.254/")))
                .contains("169.254.169.254 is in a network checks may not reach"
                        + " (169.254.169.254/32, security.deny_networks)");
    }

    @Test
    void onlyWhatIsCertainIsRefusedEarly() {
        // A name may point anywhere; the checks judge where it leads when they connect.
        assertThat(LOOPBACK.refusal(http("http://localhost/"))).isEmpty();
        assertThat(LOOPBACK.refusal(tcp("10.0.0.1"))).isEmpty();
        assertThat(LOOPBACK.refusal(new DnsTarget(
                        "example.org", "A", Optional.empty(), DnsTarget.Expect.NONE, DnsTarget.Expect.NONE)))
                .as("the system resolver")
                .isEmpty();
    }

    @Test
    void theJdksOtherIpv4SpellingsAreCaught() {
        // 2130706433 is 127.0.0.1 to the JDK, and Vitals connects where the JDK does.
        assertThat(LOOPBACK.refusal(tcp("2130706433"))).isPresent();
        assertThat(LOOPBACK.refusal(http("http://2130706433/"))).isPresent();
    }

    @Test
    void everyHostOfAJdbcUrlCountsAsTheDriverReadsIt() {
        assertThat(LOOPBACK.refusal(postgres("jdbc:postgresql://10.0.0.1,127.0.0.1:5433/db")))
                .isPresent();
        // The PostgreSQL driver takes the host parameters over the host before the path.
        assertThat(LOOPBACK.refusal(postgres("jdbc:postgresql://192.0.2.1:5432/db?PGHOST=127.0.0.1")))
                .isPresent();
        assertThat(LOOPBACK.refusal(postgres("jdbc:postgresql://192.0.2.1/db?host=127.0.0.1")))
                .isPresent();
        assertThat(LOOPBACK.refusal(postgres("jdbc:postgresql://[::1]:5432/db")))
                .isPresent();
        assertThat(LOOPBACK.refusal(mysql("jdbc:mysql://address=(host=127.0.0.1)(port=3306)/db")))
                .isPresent();
        assertThat(LOOPBACK.refusal(mysql("jdbc:mariadb://10.0.0.1,127.0.0.1/db")))
                .isPresent();
        assertThat(LOOPBACK.refusal(postgres("jdbc:postgresql://192.0.2.1:5432/db")))
                .isEmpty();
    }

    @Test
    void aJdbcUrlThatConnectsOutOfSightIsRefused() {
        assertThat(METADATA.refusal(postgres("jdbc:postgresql://db/x?socketFactory=org.example.Tunnel")))
                .hasValueSatisfying(r -> assertThat(r).contains("socketFactory"));
        assertThat(METADATA.refusal(mysql("jdbc:mariadb://db/x?socketFactory=org.example.Tunnel")))
                .isPresent();
        assertThat(METADATA.refusal(mysql("jdbc:mariadb://db/x?localSocket=/var/run/docker.sock")))
                .hasValueSatisfying(r -> assertThat(r).contains("local socket"));
        assertThat(METADATA.refusal(postgres("jdbc:postgresql://a/db?PGHOST=b,c&PGPORT=1")))
                .as("a URL the driver cannot read")
                .isPresent();
    }

    @Test
    void aTlsTargetIsJudgedByItsHostNotItsServerName() {
        TlsTarget t = new TlsTarget(
                "127.0.0.1",
                443,
                Optional.of("example.org"),
                Optional.empty(),
                new TlsTarget.Expect(OptionalInt.empty(), true, true),
                TlsTarget.Expect.NONE);
        assertThat(LOOPBACK.refusal(t)).isPresent();
    }
}

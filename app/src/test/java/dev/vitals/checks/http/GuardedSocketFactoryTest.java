package dev.vitals.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.checks.Cidr;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.testkit.TcpServer;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedSocketFactoryTest {
    private static final NetworkGuard LOOPBACK =
            NetworkGuard.denying(List.of(Cidr.parse("127.0.0.0/8").orElseThrow()));

    @Test
    void aSocketToAnIpv4MappedIpv6AddressIsRefusedBeforeItConnects() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (var server = TcpServer.start(s -> accepted.incrementAndGet())) {
            byte[] bytes = new byte[16];
            bytes[10] = (byte) 0xff;
            bytes[11] = (byte) 0xff;
            bytes[12] = 127;
            bytes[15] = 1;
            var mapped = new InetSocketAddress(Inet6Address.getByAddress(null, bytes, -1), server.port());
            GuardedSocketFactory factory = new GuardedSocketFactory(() -> Optional.of(LOOPBACK));

            try (Socket s = factory.createSocket()) {
                assertThatThrownBy(() -> s.connect(mapped, 1000))
                        .isInstanceOf(NetworkGuard.Refused.class)
                        .hasMessageStartingWith("127.0.0.1 is in a network checks may not reach");
            }
            assertThatThrownBy(() -> factory.createSocket("127.0.0.1", server.port()))
                    .isInstanceOf(NetworkGuard.Refused.class);
            assertThat(accepted).hasValue(0);
        }
    }

    @Test
    void withoutAGuardOnTheThreadNothingIsConnected() throws Exception {
        try (var server = TcpServer.start(s -> {})) {
            GuardedSocketFactory factory = new GuardedSocketFactory(Optional::empty);

            try (Socket s = factory.createSocket()) {
                assertThatThrownBy(
                                () -> s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())))
                        .isInstanceOf(NetworkGuard.Refused.class)
                        .hasMessageContaining("could not tell which check");
            }
        }
    }

    @Test
    void anAllowedAddressConnects() throws Exception {
        try (var server = TcpServer.start(s -> {})) {
            GuardedSocketFactory factory = new GuardedSocketFactory(() -> Optional.of(NetworkGuard.NONE));

            try (Socket s = factory.createSocket("127.0.0.1", server.port())) {
                assertThat(s.isConnected()).isTrue();
            }
        }
    }
}

package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow(() -> new AssertionError("not read: " + text));
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** ::ffff:a.b.c.d kept as an IPv6 address, as the JDK's literal parser never returns it. */
    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void aSingleAddressIsASlash32OrSlash128() throws Exception {
        Cidr one = cidr("169.254.169.254");
        assertThat(one.prefix()).isEqualTo(32);
        assertThat(one.contains(ip("169.254.169.254"))).isTrue();
        assertThat(one.contains(ip("169.254.169.253"))).isFalse();
        assertThat(cidr("169.254.169.254/32").contains(ip("169.254.169.255"))).isFalse();

        Cidr v6 = cidr("fd00:ec2::254");
        assertThat(v6.prefix()).isEqualTo(128);
        assertThat(v6.contains(ip("fd00:ec2:0:0:0:0:0:254"))).isTrue();
        assertThat(v6.contains(ip("fd00:ec2::255"))).isFalse();
    }

    @Test
    void prefixZeroContainsEveryAddressOfItsFamilyOnly() throws Exception {
        Cidr all4 = cidr("0.0.0.0/0");
        assertThat(all4.contains(ip("8.8.8.8"))).isTrue();
        assertThat(all4.contains(ip("255.255.255.255"))).isTrue();
        assertThat(all4.contains(ip("2001:db8::1"))).isFalse();

        Cidr all6 = cidr("::/0");
        assertThat(all6.contains(ip("2001:db8::1"))).isTrue();
        assertThat(all6.contains(ip("::1"))).isTrue();
        assertThat(all6.contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void prefixesThatDoNotEndOnAByteBoundaryCompareOnlyTheirBits() throws Exception {
        Cidr net = cidr("100.64.0.0/10");
        assertThat(net.contains(ip("100.64.0.1"))).isTrue();
        assertThat(net.contains(ip("100.127.255.255"))).isTrue();
        assertThat(net.contains(ip("100.128.0.0"))).isFalse();
        assertThat(net.contains(ip("100.63.255.255"))).isFalse();

        Cidr v6 = cidr("fe80::/10");
        assertThat(v6.contains(ip("febf::1"))).isTrue();
        assertThat(v6.contains(ip("fec0::1"))).isFalse();
    }

    @Test
    void hostBitsInTheNetworkAreIgnored() throws Exception {
        assertThat(cidr("10.1.2.3/8").contains(ip("10.200.0.1"))).isTrue();
    }

    @Test
    void anIpv4MappedIpv6AddressIsItsIpv4Address() throws Exception {
        Cidr metadata = cidr("169.254.169.254/32");
        assertThat(metadata.contains(mapped(169, 254, 169, 254))).isTrue();
        assertThat(metadata.contains(ip("::ffff:169.254.169.254"))).isTrue();
        assertThat(metadata.contains(mapped(169, 254, 169, 253))).isFalse();
        assertThat(cidr("127.0.0.0/8").contains(mapped(127, 0, 0, 1))).isTrue();
    }

    @Test
    void aNetworkWrittenAsMappedIpv6CountsItsPrefixIn128Bits() throws Exception {
        Cidr net = cidr("::ffff:169.254.0.0/112");
        assertThat(net.prefix()).isEqualTo(16);
        assertThat(net.contains(ip("169.254.3.4"))).isTrue();
        assertThat(net.contains(mapped(169, 254, 3, 4))).isTrue();
        assertThat(net.contains(ip("169.253.3.4"))).isFalse();
        assertThat(Cidr.parse("::ffff:169.254.0.0/64"))
                .as("wider than the mapped range")
                .isEmpty();
    }

    @Test
    void anIpv4CompatibleAddressIsNotMapped() throws Exception {
        // ::169.254.169.254 is a deprecated IPv6 form, not IPv4; it does not reach the IPv4 host.
        assertThat(cidr("169.254.169.254/32").contains(ip("::169.254.169.254"))).isFalse();
    }

    @Test
    void shortIpv4FormsTheJdkWouldReadDifferentlyAreRefused() {
        // InetAddress reads "10" as 0.0.0.10: "10/8" would deny 0.0.0.0/8, not what its author meant.
        assertThat(Cidr.parse("10/8")).isEmpty();
        assertThat(Cidr.parse("10.1/16")).isEmpty();
        assertThat(Cidr.parse("2130706433")).isEmpty();
    }

    @Test
    void malformedNetworksAreRefused() {
        assertThat(Cidr.parse("")).isEmpty();
        assertThat(Cidr.parse("example.org/24")).isEmpty();
        assertThat(Cidr.parse("10.0.0.0/33")).isEmpty();
        assertThat(Cidr.parse("10.0.0.0/-1")).isEmpty();
        assertThat(Cidr.parse("10.0.0.0/x")).isEmpty();
        assertThat(Cidr.parse("10.0.0.256/8")).isEmpty();
        assertThat(Cidr.parse("fd00::/129")).isEmpty();
        assertThat(Cidr.parse("fe80::1%eth0/64")).isEmpty();
        assertThat(Cidr.parse("[::1]/128")).isEmpty();
    }

    @Test
    void theTextIsKeptAsWrittenForReasons() {
        assertThat(cidr(" 169.254.0.0/16 ").toString()).isEqualTo("169.254.0.0/16");
        assertThat(cidr("169.254.0.0/16")).isEqualTo(cidr("169.254.0.0/16"));
    }
}

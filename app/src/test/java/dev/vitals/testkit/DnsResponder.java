package dev.vitals.testkit;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server for tests on 127.0.0.1, UDP and TCP on the same free port, answering
 * from records the test adds. Unknown names get NXDOMAIN, a known name without the asked type gets
 * an empty NOERROR, and a CNAME is followed within the server's records. A {@link Mode} makes it
 * misbehave the ways real servers do:
 *
 * <pre>{@code
 * try (var dns = DnsResponder.start()) {
 *     dns.add("www.example.org", "A", "10.0.0.10");
 *     dns.add("example.org", "MX", "10 mail.example.org.");
 *     dns.mode(DnsResponder.Mode.TRUNCATE_UDP); // answers on UDP with TC set, fully on TCP
 *     ... dns.address() ...
 * }
 * }</pre>
 */
public final class DnsResponder implements AutoCloseable {
    /** How the server answers. */
    public enum Mode {
        NORMAL,
        SERVFAIL,
        /** Reads queries and never answers, on UDP and TCP. */
        SILENT,
        /** Answers UDP with the TC flag and no records, so that clients must ask again over TCP. */
        TRUNCATE_UDP
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private volatile Mode mode = Mode.NORMAL;

    private DnsResponder(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        Thread.ofVirtual().name("dns-udp-" + port()).start(this::serveUdp);
        Thread.ofVirtual().name("dns-tcp-" + port()).start(this::serveTcp);
    }

    public static DnsResponder start() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = null;
            try {
                udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                } catch (BindException e) {
                    tcp.close();
                    throw e;
                }
                return new DnsResponder(udp, tcp);
            } catch (BindException e) {
                // The UDP port's TCP twin was taken by someone else; try another port.
                udp.close();
                if (attempt == 20) {
                    throw new UncheckedIOException(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Adds a record in master-file form, such as {@code add("example.org", "MX", "10 mail.example.org.")}. */
    public DnsResponder add(String name, String type, String rdata) {
        try {
            Name n = Name.fromString(name, Name.root);
            Record r = Record.fromString(n, Type.value(type), DClass.IN, 60, rdata, Name.root);
            records.computeIfAbsent(n, k -> new CopyOnWriteArrayList<>()).add(r);
            return this;
        } catch (IOException e) {
            throw new IllegalArgumentException("bad record " + name + " " + type + " " + rdata, e);
        }
    }

    public void mode(Mode m) {
        this.mode = m;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as written in a monitor's {@code server}. */
    public String address() {
        return host() + ":" + port();
    }

    public int udpQueries() {
        return udpQueries.get();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Mode m = mode;
                if (m == Mode.SILENT) {
                    continue;
                }
                Message response = m == Mode.TRUNCATE_UDP ? truncated(query) : answer(query, m);
                byte[] wire = response.toWire();
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
                // A malformed query; a real server would drop it too.
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                return;
            }
            open.add(socket);
            Thread.ofVirtual().start(() -> {
                try (socket) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    while (true) {
                        byte[] wire = new byte[in.readUnsignedShort()];
                        in.readFully(wire);
                        tcpQueries.incrementAndGet();
                        Mode m = mode;
                        if (m == Mode.SILENT) {
                            continue;
                        }
                        byte[] response = answer(new Message(wire), m).toWire();
                        out.writeShort(response.length);
                        out.write(response);
                        out.flush();
                    }
                } catch (IOException e) {
                    // The client hung up.
                } finally {
                    open.remove(socket);
                }
            });
        }
    }

    private static Message reply(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }

    private static Message truncated(Message query) {
        Message response = reply(query);
        response.getHeader().setFlag(Flags.TC);
        return response;
    }

    private Message answer(Message query, Mode m) {
        Message response = reply(query);
        Record question = query.getQuestion();
        if (m == Mode.SERVFAIL || question == null) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        Name name = question.getName();
        if (!records.containsKey(name)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        for (int hops = 0; hops < 8 && name != null; hops++) {
            List<Record> here = records.getOrDefault(name, List.of());
            Name next = null;
            for (Record r : here) {
                if (r.getType() == question.getType()) {
                    response.addRecord(r, Section.ANSWER);
                } else if (r.getType() == Type.CNAME && question.getType() != Type.CNAME) {
                    response.addRecord(r, Section.ANSWER);
                    next = ((CNAMERecord) r).getTarget();
                }
            }
            name = next;
        }
        return response;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}

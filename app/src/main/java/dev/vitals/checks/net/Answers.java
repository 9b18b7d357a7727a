package dev.vitals.checks.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;

/**
 * Compares DNS answers with what a monitor expects by meaning, not by text: addresses as addresses
 * ({@code 2001:db8::1} is {@code 2001:0db8:0:0:0:0:0:1}), host names without case and with or
 * without the final dot, MX as {@code "10 mail.example.org"} or just the host, and TXT as its
 * strings joined, because long TXT records (DKIM keys) arrive split in 255-byte pieces.
 */
final class Answers {
    private static final int SHOWN = 10;

    private Answers() {}

    static boolean matches(Record r, String wanted) {
        String w = wanted.strip();
        return switch (r) {
            case ARecord a -> sameAddress(a.getAddress(), w);
            case AAAARecord a -> sameAddress(a.getAddress(), w);
            case CNAMERecord c -> sameHost(c.getTarget(), w);
            case NSRecord n -> sameHost(n.getTarget(), w);
            case MXRecord mx -> {
                String[] parts = w.split("\\s+");
                yield parts.length == 2
                        ? parts[0].equals(Integer.toString(mx.getPriority())) && sameHost(mx.getTarget(), parts[1])
                        : sameHost(mx.getTarget(), w);
            }
            case TXTRecord t -> text(t).equals(wanted);
            default -> r.rdataToString().equals(w);
        };
    }

    /** The answers as a person reads them: {@code [10.0.0.11, 10.0.0.12]}. */
    static String show(List<Record> answers) {
        String shown = answers.stream().limit(SHOWN).map(Answers::show).collect(Collectors.joining(", "));
        return "[" + shown + (answers.size() > SHOWN ? ", and " + (answers.size() - SHOWN) + " more" : "") + "]";
    }

    private static String show(Record r) {
        return switch (r) {
            case ARecord a -> a.getAddress().getHostAddress();
            case AAAARecord a -> a.rdataToString();
            case CNAMERecord c -> host(c.getTarget());
            case NSRecord n -> host(n.getTarget());
            case MXRecord mx -> mx.getPriority() + " " + host(mx.getTarget());
            case TXTRecord t -> Quote.of(text(t));
            default -> r.rdataToString();
        };
    }

    private static String text(TXTRecord t) {
        return String.join("", t.getStrings());
    }

    private static boolean sameAddress(InetAddress actual, String wanted) {
        try {
            // Address.getByAddress parses literals only, so a host name here never causes a lookup.
            return Address.getByAddress(wanted).equals(actual);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean sameHost(Name actual, String wanted) {
        return host(actual).equals(normalise(wanted));
    }

    private static String host(Name n) {
        return normalise(n.toString());
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}

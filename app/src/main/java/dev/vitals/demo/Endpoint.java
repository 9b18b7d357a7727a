package dev.vitals.demo;

import java.util.Arrays;
import java.util.List;

/**
 * One server of the simulated office, on its own loopback port. A service may have several (mail
 * speaks SMTP and IMAP); a condition given to a service applies to all of them.
 */
public enum Endpoint {
    SMTP(Service.MAIL, Kind.TCP, "220 mail.office.test ESMTP ready"),
    IMAP(Service.MAIL, Kind.TCP, "* OK mail.office.test IMAP4rev1 ready"),
    WIKI(Service.WIKI, Kind.HTTP, ""),
    INTRANET(Service.INTRANET, Kind.HTTP, ""),
    // A real VPN gateway does not greet; this one does, so that a check can tell a gateway that works
    // from a port that is merely open, and a reset connection fails the check.
    VPN(Service.VPN, Kind.TCP, "VPN-GATEWAY office.test ready"),
    PAYROLL(Service.PAYROLL, Kind.HTTP, ""),
    FILES_PROJECTS(Service.FILES, Kind.TCP, "FILES projects share ready"),
    FILES_HOME(Service.FILES, Kind.TCP, "FILES home share ready"),
    BACKUP(Service.BACKUP, Kind.HTTP, "");

    /** How the endpoint is spoken to, and so which conditions it can take. */
    public enum Kind {
        HTTP,
        TCP;

        public boolean takes(Condition c) {
            return switch (c) {
                case Condition.Healthy h -> true;
                case Condition.Slow s -> true;
                case Condition.Erroring e -> this == HTTP;
                case Condition.BadNews b -> this == HTTP;
                case Condition.Refusing r -> this == TCP;
                case Condition.Resetting r -> this == TCP;
            };
        }
    }

    private final Service service;
    private final Kind kind;
    private final String greeting;

    Endpoint(Service service, Kind kind, String greeting) {
        this.service = service;
        this.kind = kind;
        this.greeting = greeting;
    }

    public Service service() {
        return service;
    }

    public Kind kind() {
        return kind;
    }

    /** What a TCP endpoint sends first, without the line end; empty for HTTP. */
    public String greeting() {
        return greeting;
    }

    public static List<Endpoint> of(Service s) {
        return Arrays.stream(values()).filter(e -> e.service == s).toList();
    }

    /** Whether every endpoint of {@code s} can take {@code c}. */
    public static boolean takes(Service s, Condition c) {
        return of(s).stream().allMatch(e -> e.kind.takes(c));
    }
}

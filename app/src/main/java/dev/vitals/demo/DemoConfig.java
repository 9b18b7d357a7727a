package dev.vitals.demo;

import dev.vitals.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The configuration file of the demo: a dozen monitors of the simulated office, in the same YAML
 * a user writes. It is written again at every start, because the office's ports change.
 *
 * <p>The nightly backup is a push monitor, pinged by {@link BackupJob}; the others are checks.
 * Intervals are 10 s, divided by the script's speed (but never under 1 s, the shortest interval
 * Vitals takes); the {@code slow} thresholds sit below the delays of the script's slow scenes.
 */
public final class DemoConfig {
    /** The file's name in the data folder. */
    public static final String FILE = "demo.yaml";

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(5);

    /** One monitor: what it watches and what it expects there. */
    private record Watch(String id, String name, Endpoint endpoint, String path, Duration slow, String expect) {}

    private static final List<Watch> WATCHES = List.of(
            new Watch("mail-smtp", "Mail: sending (SMTP)", Endpoint.SMTP, "", ms(400), "banner_matches: \"^220 \""),
            new Watch("mail-imap", "Mail: inbox (IMAP)", Endpoint.IMAP, "", ms(400), "banner_matches: \"^\\\\* OK\""),
            new Watch("wiki-home", "Wiki: home page", Endpoint.WIKI, "/", ms(500), "body_contains: \"Office wiki\""),
            new Watch(
                    "wiki-search",
                    "Wiki: search",
                    Endpoint.WIKI,
                    "/search?q=vpn",
                    ms(500),
                    "body_contains: \"results\""),
            new Watch("intranet-home", "Intranet: home page", Endpoint.INTRANET, "/", ms(500), "status: [200]"),
            new Watch(
                    "intranet-directory",
                    "Intranet: staff directory",
                    Endpoint.INTRANET,
                    "/directory",
                    ms(500),
                    "body_contains: \"Staff directory\""),
            new Watch("vpn-gateway", "VPN gateway", Endpoint.VPN, "", ms(400), "banner_matches: \"^VPN-GATEWAY \""),
            new Watch(
                    "payroll-api",
                    "Payroll: API",
                    Endpoint.PAYROLL,
                    "/api/health",
                    ms(500),
                    "json: { \"$.status\": \"ok\" }"),
            new Watch(
                    "payroll-portal", "Payroll: portal", Endpoint.PAYROLL, "/", ms(500), "body_contains: \"Payroll\""),
            new Watch(
                    "files-projects",
                    "File share: projects",
                    Endpoint.FILES_PROJECTS,
                    "",
                    ms(400),
                    "banner_matches: \"^FILES \""),
            new Watch(
                    "files-home",
                    "File share: home folders",
                    Endpoint.FILES_HOME,
                    "",
                    ms(400),
                    "banner_matches: \"^FILES \""));

    /**
     * The nightly backup's push monitor: {@link BackupJob} pings it once a minute of script time. The
     * period is one minute of real time at any speed, because Vitals takes no shorter period; the grace
     * and the longest run are fixed with it (see {@link BackupJob} for what a faster script shows).
     */
    static final String BACKUP_ID = "backup-nightly";

    static final Duration BACKUP_PERIOD = Duration.ofMinutes(1);
    static final Duration BACKUP_GRACE = Duration.ofSeconds(20);
    static final Duration BACKUP_MAX_DURATION = Duration.ofSeconds(40);

    private DemoConfig() {}

    /** Writes the demo's configuration into {@code dataDir}, for the office as it runs now; returns its path. */
    public static Path write(Path dataDir, Office office, double speed) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(file, render(office, speed));
            return file;
        } catch (IOException e) {
            throw new DemoException("cannot write the demo's configuration " + file + ": " + e.getMessage(), e);
        }
    }

    static String render(Office office, double speed) {
        Duration interval = Duration.ofMillis(Math.max(1000, Math.round(INTERVAL.toMillis() / speed)));
        Duration timeout = interval.compareTo(LONGEST_TIMEOUT) < 0 ? interval : LONGEST_TIMEOUT;
        StringBuilder y = new StringBuilder();
        y.append("# Written by `vitals demo` at every start: the monitors of its simulated office, whose\n")
                .append(
                        "# servers listen on loopback ports chosen at start. Changes here are lost at the next start.\n")
                .append("monitors:\n");
        for (Watch w : WATCHES) {
            Endpoint e = w.endpoint();
            y.append("  - id: ").append(w.id()).append('\n');
            y.append("    name: \"").append(w.name()).append("\"\n");
            int port = office.port(e);
            switch (e.kind()) {
                case HTTP -> {
                    y.append("    kind: http\n");
                    y.append("    url: http://127.0.0.1:")
                            .append(port)
                            .append(w.path())
                            .append('\n');
                }
                case TCP -> {
                    y.append("    kind: tcp\n");
                    y.append("    host: 127.0.0.1\n");
                    y.append("    port: ").append(port).append('\n');
                }
            }
            y.append("    interval: ").append(Durations.format(interval)).append('\n');
            y.append("    timeout: ").append(Durations.format(timeout)).append('\n');
            y.append("    slow: ").append(Durations.format(w.slow())).append('\n');
            if (e.service() == Service.FILES) {
                // A flap is seen only if one bad result is enough: the file shares' trouble is short.
                y.append("    confirm: { fail_after: 1, recover_after: 1 }\n");
            }
            y.append("    expect: { ").append(w.expect()).append(" }\n");
            y.append("    labels: { service: ")
                    .append(e.service().label())
                    .append(", team: ")
                    .append(e.service().team())
                    .append(" }\n");
        }
        y.append("  - id: ").append(BACKUP_ID).append('\n');
        y.append("    name: \"Nightly backup\"\n");
        y.append("    kind: push\n");
        y.append("    key: ").append(BackupJob.KEY).append('\n');
        y.append("    period: ").append(Durations.format(BACKUP_PERIOD)).append('\n');
        y.append("    grace: ").append(Durations.format(BACKUP_GRACE)).append('\n');
        y.append("    max_duration: ")
                .append(Durations.format(BACKUP_MAX_DURATION))
                .append('\n');
        y.append("    labels: { service: ")
                .append(Service.BACKUP.label())
                .append(", team: ")
                .append(Service.BACKUP.team())
                .append(" }\n");
        return y.toString();
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}

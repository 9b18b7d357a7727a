package dev.vitals.configfile;

import dev.vitals.accounts.SecurityReader;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Location;
import dev.vitals.config.MapReader;
import dev.vitals.config.Node;
import dev.vitals.config.Problems;
import dev.vitals.config.ReadContext;
import dev.vitals.config.Scalars;
import dev.vitals.config.TreeReader;
import dev.vitals.config.ValueParser;
import dev.vitals.maintenance.MaintenanceReader;
import dev.vitals.maintenance.MaintenanceWindow;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.MonitorReader;
import dev.vitals.monitors.Origin;
import dev.vitals.results.Retention;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads a whole configuration file; throws {@link ConfigException} listing every problem. */
public final class ConfigFileReader {
    /** A configuration larger than this is a mistake (a log file passed by accident), not a config. */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Environment env;

    public ConfigFileReader(Environment env) {
        this.env = env;
    }

    public ConfigFile read(Path path) {
        String source = path.toString();
        String text;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new ConfigException(
                        Location.unknown(source), "file is larger than 16 MiB; is this the right file?");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(Location.unknown(source), "file not found");
        } catch (MalformedInputException e) {
            throw new ConfigException(Location.unknown(source), "file is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(Location.unknown(source), "cannot read: " + e.getMessage());
        }
        return parse(path, text);
    }

    public ConfigFile parse(Path path, String text) {
        Problems problems = new Problems();
        Path base = Optional.ofNullable(path.toAbsolutePath().getParent()).orElse(Path.of("."));
        ReadContext ctx = new ReadContext(problems, env, base);
        Optional<Node> root = TreeReader.yaml(path.toString(), text, env, problems);
        List<Monitor> monitors = List.of();
        Retention.Keep retention = Retention.Keep.DEFAULT;
        SecuritySettings security = SecuritySettings.DEFAULT;
        dev.vitals.alerting.AlertingSettings alerting = dev.vitals.alerting.AlertingSettings.NONE;
        List<MaintenanceWindow> maintenance = List.of();
        if (root.isPresent()) {
            Optional<MapReader> top = MapReader.of(root.get(), "the configuration file", ctx);
            if (top.isPresent()) {
                MapReader m = top.get();
                monitors = m.node("monitors")
                        .map(n -> MonitorReader.readList(n, ctx, item -> new Origin.File(item.location())))
                        .orElse(List.of());
                Optional<MapReader> r = m.node("retention").flatMap(n -> MapReader.of(n, "retention", ctx));
                if (r.isPresent()) {
                    retention = readRetention(r.get());
                    r.get().finish();
                }
                security =
                        m.node("security").map(n -> SecurityReader.read(n, ctx)).orElse(SecuritySettings.DEFAULT);
                alerting = dev.vitals.alerting.AlertingReader.read(m);
                maintenance = m.node("maintenance")
                        .map(n -> MaintenanceReader.readList(n, ctx))
                        .orElse(List.of());
                m.finish();
            }
        }
        problems.throwIfAny();
        return new ConfigFile(path, monitors, retention, security, alerting, maintenance);
    }

    /** How long stored results and roll-ups are kept; every level from 1 day to 20 years. */
    private static Retention.Keep readRetention(MapReader r) {
        ValueParser<Duration> days = Scalars.duration()
                .where(
                        d -> d.compareTo(Duration.ofDays(1)) >= 0 && d.compareTo(Duration.ofDays(7300)) <= 0,
                        "must be between 1d and 7300d");
        Retention.Keep d = Retention.Keep.DEFAULT;
        return new Retention.Keep(
                r.value("raw", days, d.raw()),
                r.value("minute", days, d.minute()),
                r.value("hour", days, d.hour()),
                r.value("day", days, d.day()));
    }
}

package dev.vitals.configfile;

import dev.vitals.monitors.Monitor;
import java.nio.file.Path;
import java.util.List;

/** Everything a configuration file declares, read and checked as a whole. */
public record ConfigFile(
        Path path,
        List<Monitor> monitors,
        dev.vitals.results.Retention.Keep retention,
        dev.vitals.accounts.SecuritySettings security,
        dev.vitals.alerting.AlertingSettings alerting,
        List<dev.vitals.maintenance.MaintenanceWindow> maintenance) {
    public ConfigFile {
        monitors = List.copyOf(monitors);
        maintenance = List.copyOf(maintenance);
    }

    public ConfigFile(
            Path path,
            List<Monitor> monitors,
            dev.vitals.results.Retention.Keep retention,
            dev.vitals.accounts.SecuritySettings security,
            dev.vitals.alerting.AlertingSettings alerting) {
        this(path, monitors, retention, security, alerting, List.of());
    }

    public ConfigFile(
            Path path,
            List<Monitor> monitors,
            dev.vitals.results.Retention.Keep retention,
            dev.vitals.accounts.SecuritySettings security) {
        this(path, monitors, retention, security, dev.vitals.alerting.AlertingSettings.NONE);
    }

    public ConfigFile(Path path, List<Monitor> monitors) {
        this(path, monitors, dev.vitals.results.Retention.Keep.DEFAULT, dev.vitals.accounts.SecuritySettings.DEFAULT);
    }

    public static ConfigFile empty(Path path) {
        return new ConfigFile(path, List.of());
    }
}

package dev.vitals.configfile;

import dev.vitals.monitors.Monitor;
import java.nio.file.Path;
import java.util.List;

/** Everything a configuration file declares, read and checked as a whole. */
public record ConfigFile(Path path, List<Monitor> monitors) {
    public ConfigFile {
        monitors = List.copyOf(monitors);
    }

    public static ConfigFile empty(Path path) {
        return new ConfigFile(path, List.of());
    }
}

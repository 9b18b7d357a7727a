package dev.vitals.monitors;

import dev.vitals.config.Location;

/** Where a monitor was defined: a configuration file (read-only through the API) or the API. */
public sealed interface Origin permits Origin.File, Origin.Api {
    /** Defined in a YAML file; changes belong in that file, reviewed in git. */
    record File(Location location) implements Origin {}

    /** Created through the REST API and kept in the database. */
    record Api() implements Origin {}

    default String word() {
        return switch (this) {
            case File f -> "file";
            case Api a -> "api";
        };
    }
}

package dev.vitals.monitors;

import dev.vitals.config.Location;

/** Where a monitor was defined: a configuration file (read-only through the API) or the API. */
public sealed interface Origin permits Origin.File, Origin.Api {
    /** Defined in a YAML file; changes belong in that file, reviewed in git. */
    record File(Location location) implements Origin {}

    /**
     * Created through the REST API and kept in the database. {@code restricted}: created or last
     * changed by someone who is not an admin, and so checked behind {@code security.deny_networks}.
     * A file's monitors are never restricted: the file is written by the machine's admins.
     */
    record Api(boolean restricted) implements Origin {}

    default String word() {
        return switch (this) {
            case File f -> "file";
            case Api a -> "api";
        };
    }
}

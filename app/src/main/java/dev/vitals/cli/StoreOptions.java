package dev.vitals.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the database is, for commands that work on it without serving: the same flags as serve. */
final class StoreOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "${env:VITALS_DATA:-./data}",
            description = "Data folder of the embedded database (env VITALS_DATA; default ./data).")
    Path data;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            defaultValue = "${env:VITALS_DB}",
            description =
                    "PostgreSQL, as jdbc:postgresql://HOST:PORT/DB?user=...; default the embedded database (env VITALS_DB).")
    String db;

    Optional<String> dbUrl() {
        return Optional.ofNullable(db).filter(s -> !s.isBlank());
    }
}

package dev.vitals.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What configuration may read from outside itself: environment variables for {@code ${NAME}} and
 * files for {@code *_file} secrets. Injected so that tests do not depend on the real environment.
 */
public interface Environment {
    Optional<String> variable(String name);

    /** Reads a secret file; relative paths are resolved against the configuration file's folder. */
    String readFile(Path path) throws IOException;

    static Environment system() {
        return of(System.getenv());
    }

    static Environment of(Map<String, String> variables) {
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return Optional.ofNullable(variables.get(name));
            }

            @Override
            public String readFile(Path path) throws IOException {
                return Files.readString(path, StandardCharsets.UTF_8);
            }
        };
    }
}

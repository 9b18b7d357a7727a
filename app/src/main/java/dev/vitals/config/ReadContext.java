package dev.vitals.config;

import java.nio.file.Path;

/**
 * What a reader needs besides the tree: where problems go, where secrets and variables come from,
 * and the folder that relative {@code *_file} paths are resolved against.
 */
public record ReadContext(Problems problems, Environment env, Path baseDir) {
    /** For API bodies: no secret files may be read on behalf of a caller. */
    public static ReadContext forApi(Problems problems) {
        return new ReadContext(problems, NO_FILES, Path.of("."));
    }

    /**
     * No variables and no files: an API caller must not be able to make Vitals read a file of the
     * server (say {@code /etc/shadow}) and send it to a host of the caller's as a password.
     */
    private static final Environment NO_FILES = new Environment() {
        @Override
        public java.util.Optional<String> variable(String name) {
            return java.util.Optional.empty();
        }

        @Override
        public String readFile(Path path) throws java.io.IOException {
            throw new java.io.IOException("files are not read for API requests; send the secret itself");
        }
    };
}

package dev.vitals.config;

import java.nio.file.Path;

/**
 * What a reader needs besides the tree: where problems go, where secrets and variables come from,
 * and the folder that relative {@code *_file} paths are resolved against.
 */
public record ReadContext(Problems problems, Environment env, Path baseDir) {
    /** For API bodies: no secret files may be read on behalf of a caller. */
    public static ReadContext forApi(Problems problems) {
        return new ReadContext(problems, Environment.of(java.util.Map.of()), Path.of("."));
    }
}

package dev.vitals.config;

/** Where in a source a node starts. Lines and columns count from 1. */
public record Location(String source, int line, int column) {
    public static Location unknown(String source) {
        return new Location(source, 0, 0);
    }

    /** {@code FILE:LINE:COL}, the form editors and compilers use so that terminals can link it. */
    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ":" + column : source;
    }
}

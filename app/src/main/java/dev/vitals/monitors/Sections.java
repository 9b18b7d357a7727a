package dev.vitals.monitors;

import dev.vitals.config.MapReader;
import java.util.Optional;
import java.util.function.Function;

/** Reads a nested map such as {@code expect:} strictly, or gives a default when it is absent. */
final class Sections {
    private Sections() {}

    static <T> T read(MapReader parent, String key, Function<MapReader, T> reader, T absent) {
        Optional<MapReader> section = parent.node(key).flatMap(n -> MapReader.of(n, key, parent.context()));
        if (section.isEmpty()) {
            return absent;
        }
        T value = reader.apply(section.get());
        section.get().finish();
        return value;
    }
}

package dev.vitals.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 512}, {@code 100KB}, {@code 1MiB}. KB and KiB both mean 1024. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Sizes() {}

    public static Optional<Long> parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (n > Long.MAX_VALUE / factor) {
            return Optional.empty();
        }
        return Optional.of(n * factor);
    }

    public static String format(long bytes) {
        if (bytes % (1024L * 1024) == 0 && bytes > 0) {
            return bytes / (1024L * 1024) + "MiB";
        }
        if (bytes % 1024 == 0 && bytes > 0) {
            return bytes / 1024 + "KiB";
        }
        return Long.toString(bytes);
    }

    public static ValueParser<Long> parser() {
        return (node, ctx) -> Scalars.string().parse(node, ctx).flatMap(t -> {
            Optional<Long> v = parse(t);
            if (v.isEmpty()) {
                ctx.problems().add(node, "expected a size such as 64KiB or 1MiB, found \"" + t + "\"");
            }
            return v;
        });
    }
}

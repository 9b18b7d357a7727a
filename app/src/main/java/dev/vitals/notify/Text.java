package dev.vitals.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small pieces of text that every channel's format writes the same way. */
public final class Text {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Text() {}

    /** A time for people, to the minute and in UTC: {@code 2026-11-20 10:00 UTC}. */
    public static String when(Instant t) {
        return WHEN.format(t);
    }

    /** {@code s}, cut to at most {@code max} characters with an ellipsis when it is longer. */
    public static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

package dev.vitals.results;

import java.time.Duration;

/** The granularities results are kept at: raw rows, then minute, hour and day rollups. */
public enum Level {
    RAW(0, Duration.ZERO),
    MINUTE(1, Duration.ofMinutes(1)),
    HOUR(2, Duration.ofHours(1)),
    DAY(3, Duration.ofDays(1));

    private final int code;
    private final Duration size;

    Level(int code, Duration size) {
        this.code = code;
        this.size = size;
    }

    /** The number stored in {@code rollups.level}. */
    public int code() {
        return code;
    }

    public long millis() {
        return size.toMillis();
    }

    /** The next finer level, from which this one is computed. */
    public Level finer() {
        return switch (this) {
            case DAY -> HOUR;
            case HOUR -> MINUTE;
            default -> RAW;
        };
    }

    public long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, millis()) * millis();
    }

    public long ceil(long epochMillis) {
        return -Math.floorDiv(-epochMillis, millis()) * millis();
    }
}

package dev.vitals.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named, planned period in which alerts for the monitors whose labels {@code match} should stay
 * quiet. Its {@link Schedule} gives wall-clock starts in {@code zone}; each occurrence lasts {@code
 * duration} of real elapsed time.
 *
 * <p>Daylight saving: a start inside a spring-forward gap begins at the first instant after the gap
 * (02:30 on 2026-03-29 in Europe/Berlin starts at 03:00 CEST); a start that happens twice in autumn
 * takes the first one (02:30 CEST on 2026-10-25). A 2 h window across a change lasts 2 h, so its
 * wall-clock end moves by an hour.
 *
 * <p>All queries are pure: they take the instant to ask about and read no clock.
 */
public record MaintenanceWindow(
        String name, Schedule schedule, Duration duration, ZoneId zone, Map<String, String> match) {
    /** {@link #between} returns at most this many occurrences, so that a query is always bounded. */
    public static final int MAX_RESULTS = 1000;

    /** The most a window may last; longer is a mistake in the config rather than maintenance. */
    public static final Duration MAX_DURATION = Duration.ofDays(31);

    public MaintenanceWindow {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a window lasts more than 0 and at most 31d: " + duration);
        }
        match = Map.copyOf(match);
    }

    /** The occurrence that covers {@code t} (start inclusive, end exclusive); the latest if several do. */
    public Optional<Interval> activeAt(Instant t) {
        Optional<Interval> found = Optional.empty();
        Iterator<Interval> it = occurrencesFrom(t.minus(duration));
        while (it.hasNext()) {
            Interval i = it.next();
            if (i.start().isAfter(t)) {
                break;
            }
            if (i.contains(t)) {
                found = Optional.of(i);
            }
        }
        return found;
    }

    /** The first occurrence that starts strictly after {@code after}. */
    public Optional<Interval> next(Instant after) {
        Iterator<Interval> it = occurrencesFrom(after);
        while (it.hasNext()) {
            Interval i = it.next();
            if (i.start().isAfter(after)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The occurrences overlapping {@code [from, to)}, in order, at most {@link #MAX_RESULTS}. */
    public List<Interval> between(Instant from, Instant to) {
        return between(from, to, MAX_RESULTS);
    }

    /** As {@link #between(Instant, Instant)}, at most {@code limit} (capped at {@link #MAX_RESULTS}). */
    public List<Interval> between(Instant from, Instant to, int limit) {
        int max = Math.min(Math.max(limit, 0), MAX_RESULTS);
        List<Interval> out = new ArrayList<>();
        Iterator<Interval> it = occurrencesFrom(from.minus(duration));
        while (out.size() < max && it.hasNext()) {
            Interval i = it.next();
            if (!i.start().isBefore(to)) {
                break;
            }
            if (i.end().isAfter(from)) {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Occurrences starting at or after {@code from}, in order. The local search starts a little
     * earlier than {@code from}'s wall-clock time, because a gap moves local starts later; starts
     * before {@code from} are dropped.
     */
    private Iterator<Interval> occurrencesFrom(Instant from) {
        LocalDateTime local = LocalDateTime.ofInstant(from, zone).minusHours(3);
        Iterator<LocalDateTime> starts = schedule.startsFrom(local);
        return new Iterator<>() {
            private Optional<Interval> pending = advance();

            private Optional<Interval> advance() {
                while (starts.hasNext()) {
                    Instant s = LocalStarts.toInstant(starts.next(), zone);
                    if (!s.isBefore(from)) {
                        return Optional.of(new Interval(s, s.plus(duration)));
                    }
                }
                return Optional.empty();
            }

            @Override
            public boolean hasNext() {
                return pending.isPresent();
            }

            @Override
            public Interval next() {
                Interval i = pending.orElseThrow(java.util.NoSuchElementException::new);
                pending = advance();
                return i;
            }
        };
    }
}

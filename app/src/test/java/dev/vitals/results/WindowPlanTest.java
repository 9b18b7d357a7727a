package dev.vitals.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.results.WindowPlan.Piece;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowPlanTest {
    private static final long NOW = Instant.parse("2026-11-24T10:37:20Z").toEpochMilli();
    private static final long MIN = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 86_400_000;

    private final WindowPlan plan = new WindowPlan(
            Map.of(
                    Level.MINUTE,
                    Level.MINUTE.floor(NOW - 2 * MIN),
                    Level.HOUR,
                    Level.HOUR.floor(NOW - 2 * MIN),
                    Level.DAY,
                    Level.DAY.floor(NOW)),
            Map.of(
                    Level.RAW,
                    NOW - 7 * DAY,
                    Level.MINUTE,
                    NOW - 8 * DAY,
                    Level.HOUR,
                    NOW - 450 * DAY,
                    Level.DAY,
                    NOW - 1825 * DAY));

    @Test
    void aNinetyDayWindowReadsDaysHoursMinutesAndOnlyAFewMinutesOfRawRows() {
        List<Piece> pieces = plan.plan(NOW - 90 * DAY, NOW);
        assertCovers(pieces, NOW - 90 * DAY, NOW);
        long rawSpan = pieces.stream()
                .filter(p -> p.level() == Level.RAW)
                .mapToLong(p -> p.to() - p.from())
                .sum();
        assertThat(rawSpan).isLessThanOrEqualTo(4 * MIN);
        assertThat(pieces.stream()
                        .filter(p -> p.level() == Level.DAY)
                        .mapToLong(p -> (p.to() - p.from()) / DAY)
                        .sum())
                .isEqualTo(89);
    }

    @Test
    void anEdgeOlderThanTheMinuteKeepIsRoundedOutToItsHour() {
        long from = NOW - 90 * DAY;
        List<Piece> pieces = plan.plan(from, NOW);
        Piece first = pieces.get(0);
        assertThat(first.level()).isEqualTo(Level.HOUR);
        assertThat(first.from()).isEqualTo(Level.HOUR.floor(from));
        assertThat(pieces).noneMatch(p -> p.level() == Level.MINUTE && p.from() < NOW - 8 * DAY);
    }

    @Test
    void aRecentWindowUsesMinutesAndRaw() {
        List<Piece> pieces = plan.plan(NOW - Duration.ofMinutes(30).toMillis(), NOW);
        assertCovers(pieces, NOW - 30 * MIN, NOW);
        assertThat(pieces).extracting(Piece::level).containsOnly(Level.MINUTE, Level.RAW);
    }

    @Test
    void withNoRollupsDoneEverythingIsRaw() {
        WindowPlan empty = new WindowPlan(Map.of(), Map.of());
        assertThat(empty.plan(NOW - DAY, NOW)).containsExactly(new Piece(Level.RAW, NOW - DAY, NOW));
    }

    private static void assertCovers(List<Piece> pieces, long from, long to) {
        long at = pieces.get(0).from();
        assertThat(at).isLessThanOrEqualTo(from);
        for (Piece p : pieces) {
            assertThat(p.from()).as("pieces are contiguous").isEqualTo(at);
            assertThat(p.to()).isGreaterThan(p.from());
            at = p.to();
        }
        assertThat(at).isEqualTo(to);
    }
}

package dev.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.checks.Outcome;
import dev.vitals.results.Bucket;
import dev.vitals.results.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency chart of the detail page, as numbers in SVG points. */
class SvgChartTest {
    private static final String[] AXIS = {"a", "b", "c", "d", "e"};
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    /** Sixty one-minute steps, with results of {@code micros} in the steps {@code answered}. */
    private static List<Series.Point> steps(long micros, int... answered) {
        List<Series.Point> points = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Bucket b = new Bucket();
            final int step = i;
            if (Arrays.stream(answered).anyMatch(a -> a == step)) {
                b.add(Outcome.UP, micros);
            }
            points.add(new Series.Point(T0.plus(Duration.ofMinutes(i)), b));
        }
        return points;
    }

    private static String[] pairs(String points) {
        return points.isEmpty() ? new String[0] : points.split(" ");
    }

    @Test
    void aMonitorWithResultsInOneStepOnlyIsDrawnAsALevelStrokeNotAnInvisiblePoint() {
        Svg.Chart chart = Svg.chart(steps(20_000, 59), Duration.ofSeconds(1), AXIS);

        String[] line = pairs(chart.line());
        assertThat(line).hasSize(2);
        assertThat(line[0].split(",")[1]).isEqualTo(line[1].split(",")[1]);
        int left = Integer.parseInt(line[0].split(",")[0]);
        int right = Integer.parseInt(line[1].split(",")[0]);
        assertThat(right - left).as("wide enough to see").isGreaterThanOrEqualTo(4);
        assertThat(right).as("within the plot").isLessThanOrEqualTo(Svg.CHART_W - 8);
        assertThat(left).isGreaterThanOrEqualTo(Svg.CHART_LEFT);
        assertThat(pairs(chart.maxLine())).hasSize(2);
        assertThat(chart.points()).isEqualTo(1);
    }

    @Test
    void aRangeOfOneStepWithAResultIsDrawnAcrossThePlot() {
        Bucket b = new Bucket();
        b.add(Outcome.UP, 5_000);
        Svg.Chart chart = Svg.chart(List.of(new Series.Point(T0, b)), Duration.ofSeconds(1), AXIS);

        assertThat(pairs(chart.line())).hasSize(2);
    }

    @Test
    void stepsWithResultsAreOnePointEachFromLeftToRight() {
        Svg.Chart chart = Svg.chart(steps(20_000, 10, 20, 30), Duration.ofSeconds(1), AXIS);

        String[] line = pairs(chart.line());
        assertThat(line).hasSize(3);
        assertThat(Integer.parseInt(line[0].split(",")[0])).isLessThan(Integer.parseInt(line[2].split(",")[0]));
    }

    @Test
    void noResultsDrawNoLine() {
        Svg.Chart chart = Svg.chart(steps(20_000), Duration.ofSeconds(1), AXIS);

        assertThat(chart.line()).isEmpty();
        assertThat(chart.points()).isZero();
    }
}

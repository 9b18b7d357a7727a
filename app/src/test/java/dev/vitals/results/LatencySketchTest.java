package dev.vitals.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {
    @Test
    void percentilesAreWithinOnePercentOfTheExactOnes() {
        Random random = new Random(42);
        long[] values = new long[100_000];
        LatencySketch s = new LatencySketch();
        for (int i = 0; i < values.length; i++) {
            // Log-normal around 20 ms with a long tail, like real latencies.
            values[i] = Math.max(1, (long) Math.exp(Math.log(20_000) + random.nextGaussian()));
            s.add(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[] {0.5, 0.95, 0.99, 0.999}) {
            long exact = values[(int) Math.floor(q * (values.length - 1))];
            assertThat((double) s.quantile(q)).as("p%s", q * 100).isCloseTo(exact, within(exact * 0.0101));
        }
    }

    @Test
    void mergedSketchesAnswerLikeOneSketchOfAllValues() {
        LatencySketch all = new LatencySketch();
        LatencySketch merged = new LatencySketch();
        Random random = new Random(7);
        for (int part = 0; part < 50; part++) {
            LatencySketch piece = new LatencySketch();
            for (int i = 0; i < 200; i++) {
                long v = 100 + random.nextInt(5_000_000);
                piece.add(v);
                all.add(v);
            }
            merged.merge(LatencySketch.decode(piece.encode()));
        }
        assertThat(merged.count()).isEqualTo(10_000);
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            assertThat(merged.quantile(q)).isEqualTo(all.quantile(q));
        }
    }

    @Test
    void encodingRoundTripsAndIsSmallForAFewValues() {
        LatencySketch s = new LatencySketch();
        for (long v : new long[] {0, 900, 1_100, 1_050, 250_000, 3_600_000_000L}) {
            s.add(v);
        }
        byte[] bytes = s.encode();
        assertThat(bytes.length).isLessThan(24);
        LatencySketch back = LatencySketch.decode(bytes);
        assertThat(back.count()).isEqualTo(6);
        assertThat(back.quantile(0)).isZero();
        assertThat(back.quantile(1)).isCloseTo(3_600_000_000L, within(36_000_000L));
        assertThat(back.encode()).isEqualTo(bytes);
    }

    @Test
    void anEmptySketchAnswersZero() {
        assertThat(new LatencySketch().quantile(0.99)).isZero();
        assertThat(LatencySketch.decode(new LatencySketch().encode()).count()).isZero();
    }
}

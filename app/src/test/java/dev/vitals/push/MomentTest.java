package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MomentTest {
    @Test
    void keepsAnInstantExactlyAndForgetsIt() {
        Moment m = new Moment();
        assertThat(m.isSet()).isFalse();
        assertThat(m.get()).isEmpty();
        assertThatThrownBy(m::instant).isInstanceOf(IllegalStateException.class);
        Instant at = Instant.parse("2026-03-29T01:30:00.123456789Z");
        m.set(at);
        assertThat(m.instant()).isEqualTo(at);
        assertThat(m.get()).contains(at);
        m.clear();
        assertThat(m.get()).isEmpty();
    }

    @Test
    void ordersAndMeasuresAsInstantsDo() {
        Moment a = new Moment();
        Moment b = new Moment();
        a.set(Instant.parse("2026-11-26T10:00:00.900Z"));
        b.set(Instant.parse("2026-11-26T10:00:01.100Z"));
        assertThat(a.compareTo(b)).isNegative();
        assertThat(b.compareTo(a)).isPositive();
        assertThat(a.nanosUntil(b.instant())).isEqualTo(200_000_000L);
        assertThat(b.nanosUntil(a.instant())).isEqualTo(-200_000_000L);
        assertThat(b.isAfter(a.instant())).isTrue();
        assertThat(a.isAfter(a.instant())).isFalse();
        // The ends of Instant's range: ordered, and a distance too large for a long saturates.
        Moment min = new Moment();
        min.set(Instant.MIN);
        Moment max = new Moment();
        max.set(Instant.MAX);
        assertThat(min.compareTo(max)).isNegative();
        assertThat(min.nanosUntil(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(max.nanosUntil(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
        assertThat(max.instant()).isEqualTo(Instant.MAX);
    }
}

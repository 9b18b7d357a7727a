package dev.vitals.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void delaysDoubleFromOneSecondUpToFiveMinutes() {
        Backoff b = Notifications.steadyBackoff();
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delay(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(b.delay(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.delay(10_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterOnlyShortensTheDelayByAtMostItsFraction() {
        Backoff b = Backoff.standard();
        for (int i = 0; i < 1000; i++) {
            assertThat(b.delay(3)).isBetween(Duration.ofMillis(3200), Duration.ofSeconds(4));
        }
    }

    @Test
    void retryAfterIsHonouredUpToAnHourButNeverShortensTheBackoff() {
        Backoff b = Notifications.steadyBackoff();
        assertThat(b.next(T0, T0, 1, Optional.of(Duration.ofMinutes(2)))).contains(T0.plusSeconds(120));
        assertThat(b.next(T0, T0, 1, Optional.of(Duration.ofHours(5)))).contains(T0.plus(Duration.ofHours(1)));
        assertThat(b.next(T0, T0, 3, Optional.of(Duration.ZERO))).contains(T0.plusSeconds(4));
    }

    @Test
    void theLastAttemptIsMadeAtTheDayLimitAndNothingAfterIt() {
        Backoff b = new Backoff(
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                0,
                Duration.ofHours(1),
                Duration.ofHours(24),
                RandomGenerator.getDefault());
        Instant almost = T0.plus(Duration.ofHours(24)).minusSeconds(10);
        assertThat(b.next(T0, almost, 20, Optional.empty())).contains(T0.plus(Duration.ofHours(24)));
        assertThat(b.next(T0, T0.plus(Duration.ofHours(24)), 21, Optional.empty()))
                .isEmpty();
    }
}

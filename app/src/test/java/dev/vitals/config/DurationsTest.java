package dev.vitals.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesCombinedUnitsAndRefusesBareNumbers() {
        assertThat(Durations.parse("800ms")).contains(Duration.ofMillis(800));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
        assertThat(Durations.parse("30")).isEmpty();
        assertThat(Durations.parse("1.5s")).isEmpty();
        assertThat(Durations.parse("99999999999999999999s")).isEmpty();
    }

    @Test
    void formatsBackToTheShortestEqualForm() {
        for (String s : new String[] {"800ms", "30s", "1h30m", "2d", "1m1s5ms"}) {
            assertThat(Durations.format(Durations.parse(s).orElseThrow())).isEqualTo(s);
        }
    }

    @Test
    void humanFormIsReadable() {
        assertThat(Durations.human(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Durations.human(Duration.ofMillis(1240))).isEqualTo("1.2 s");
        assertThat(Durations.human(Duration.ofSeconds(200))).isEqualTo("3 min 20 s");
        assertThat(Durations.human(Duration.ofDays(3))).isEqualTo("3 days");
    }
}

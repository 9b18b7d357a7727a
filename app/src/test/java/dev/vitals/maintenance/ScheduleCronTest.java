package dev.vitals.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ScheduleCronTest {
    @Test
    void anExpressionIsParsedOnceAndSearchedManyTimes() {
        Schedule.Cron cron = new Schedule.Cron("30 1 * * *");
        assertThat(Schedule.Cron.execution("30 1 * * *")).isSameAs(Schedule.Cron.execution("30 1 * * *"));
        var times = cron.startsFrom(LocalDateTime.of(2026, 11, 26, 8, 0));
        assertThat(times.next()).isEqualTo(LocalDateTime.of(2026, 11, 27, 1, 30));
        assertThat(times.next()).isEqualTo(LocalDateTime.of(2026, 11, 28, 1, 30));
        // A second search from elsewhere is its own: what was parsed holds no position.
        assertThat(cron.startsFrom(LocalDateTime.of(2026, 1, 1, 1, 30)).next())
                .isEqualTo(LocalDateTime.of(2026, 1, 1, 1, 30));
    }

    @Test
    void aBadExpressionIsRefusedEveryTimeAndNotKept() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> new Schedule.Cron("61 * * * *"))
                    .isInstanceOf(ScheduleException.class)
                    .hasMessageContaining("bad cron expression \"61 * * * *\"");
        }
    }
}

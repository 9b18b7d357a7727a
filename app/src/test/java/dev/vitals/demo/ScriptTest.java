package dev.vitals.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptTest {
    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    private final SettableClock clock = new SettableClock(START);

    private void at(int minutes, int seconds) {
        clock.set(START.plus(Duration.ofMinutes(minutes).plusSeconds(seconds)));
    }

    @Test
    void atTheStartEveryServiceIsHealthy() {
        Script script = Script.office(clock, 1);
        for (Service s : Service.values()) {
            assertThat(script.condition(s)).as(s.label()).isEqualTo(Condition.HEALTHY);
        }
    }

    @Test
    void payrollAnswers500FromOneMinuteIntoTheCycleUntilTwo() {
        Script script = Script.office(clock, 1);
        at(0, 59);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(Condition.HEALTHY);
        at(1, 0);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(new Condition.Erroring(500));
        at(1, 59);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(new Condition.Erroring(500));
        at(2, 0);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(Condition.HEALTHY);
    }

    @Test
    void inTheMiddleOfEachSceneItsServiceIsInItsConditionAndAfterItHealthy() {
        Script script = Script.office(clock, 1);
        for (Script.Scene scene : Script.OFFICE) {
            clock.set(START.plus(scene.from())
                    .plus(scene.until().minus(scene.from()).dividedBy(2)));
            assertThat(script.condition(scene.service())).as(scene.toString()).isEqualTo(scene.condition());
            clock.set(START.plus(scene.until()));
            assertThat(script.condition(scene.service())).as(scene.toString()).isEqualTo(Condition.HEALTHY);
        }
    }

    @Test
    void theVpnRefusesTheWikiIsSlowAndTheFileSharesResetEachInItsTurn() {
        Script script = Script.office(clock, 1);
        at(1, 0);
        assertThat(script.condition(Service.WIKI)).isEqualTo(new Condition.Slow(Duration.ofMillis(900)));
        at(3, 0);
        assertThat(script.condition(Service.VPN)).isEqualTo(new Condition.Refusing());
        assertThat(script.condition(Service.WIKI)).isEqualTo(Condition.HEALTHY);
        at(3, 45);
        assertThat(script.condition(Service.FILES)).isEqualTo(new Condition.Resetting());
        at(5, 0);
        // The backup is a job that pings (BackupJob), not a scene: its status page stays as it was.
        assertThat(script.condition(Service.BACKUP)).isEqualTo(Condition.HEALTHY);
        assertThat(script.condition(Service.INTRANET)).isEqualTo(Condition.HEALTHY);
    }

    @Test
    void theCycleStartsAgainAfterSixMinutes() {
        Script script = Script.office(clock, 1);
        at(5, 59);
        assertThat(script.position()).isEqualTo(Duration.ofMinutes(5).plusSeconds(59));
        at(6, 0);
        assertThat(script.position()).isZero();
        at(7, 10);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(new Condition.Erroring(500));
    }

    @Test
    void atSpeedTwelveTheWholeCycleTakesThirtySeconds() {
        Script script = Script.office(clock, 12);
        at(0, 4);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(Condition.HEALTHY); // 48 s into the script
        at(0, 6);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(new Condition.Erroring(500)); // 72 s
        at(0, 10);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(Condition.HEALTHY); // 120 s
        at(0, 36);
        assertThat(script.condition(Service.PAYROLL)).isEqualTo(new Condition.Erroring(500)); // 72 s again
    }

    @Test
    void eachTickTellsTheOfficeEveryServiceAndReportsOnlyWhatChanged() {
        Script script = Script.office(clock, 1);
        Map<Service, Condition> office = new EnumMap<>(Service.class);

        assertThat(script.tick(office::put)).isEmpty();
        assertThat(office).hasSize(Service.values().length).containsEntry(Service.PAYROLL, Condition.HEALTHY);

        at(1, 5);
        assertThat(script.tick(office::put))
                .containsOnlyKeys(Service.PAYROLL, Service.WIKI)
                .containsEntry(Service.PAYROLL, new Condition.Erroring(500));
        assertThat(office).containsEntry(Service.PAYROLL, new Condition.Erroring(500));

        office.clear();
        at(1, 6);
        assertThat(script.tick(office::put)).isEmpty();
        assertThat(office).hasSize(Service.values().length);

        at(2, 1);
        assertThat(script.tick(office::put)).containsEntry(Service.PAYROLL, Condition.HEALTHY);
    }

    @Test
    void scenesThatOverlapEndBeforeTheyStartOrAskTheImpossibleAreRefused() {
        Duration cycle = Duration.ofMinutes(1);
        Condition slow = new Condition.Slow(Duration.ofMillis(100));
        assertThatThrownBy(() -> new Script(
                        List.of(
                                new Script.Scene(Service.WIKI, sec(0), sec(30), slow),
                                new Script.Scene(Service.WIKI, sec(20), sec(40), new Condition.Erroring(503))),
                        cycle,
                        clock,
                        1))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() ->
                        new Script(List.of(new Script.Scene(Service.WIKI, sec(30), sec(10), slow)), cycle, clock, 1))
                .hasMessageContaining("end after it starts");
        assertThatThrownBy(() ->
                        new Script(List.of(new Script.Scene(Service.WIKI, sec(30), sec(90), slow)), cycle, clock, 1))
                .hasMessageContaining("within the cycle");
        assertThatThrownBy(() -> new Script(
                        List.of(new Script.Scene(Service.VPN, sec(0), sec(10), new Condition.Erroring(500))),
                        cycle,
                        clock,
                        1))
                .hasMessageContaining("vpn cannot be told: answers 500");
        assertThatThrownBy(() -> Script.office(clock, 0)).hasMessageContaining("above 0");
    }

    private static Duration sec(int s) {
        return Duration.ofSeconds(s);
    }
}

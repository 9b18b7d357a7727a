package dev.vitals.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes wrong in the simulated office, and when: a cycle of scenes (the wiki slows down, payroll
 * answers 500, the VPN refuses connections, ...) that starts again at its end, so that whenever a
 * visitor looks, something has just gone wrong or just recovered.
 *
 * <p>Time comes from the injected clock; {@link #tick} applies the conditions of the moment. {@code
 * speed} runs the script faster than real time (2 = the cycle takes half as long), for tests and
 * impatient visitors; the monitors' intervals are scaled to match by {@link DemoConfig}.
 */
public final class Script {
    private static final Logger LOG = LoggerFactory.getLogger(Script.class);

    /** One fault: from {@code from} to {@code until} into the cycle, {@code service} behaves as {@code condition}. */
    public record Scene(Service service, Duration from, Duration until, Condition condition) {}

    /** The length of the standard cycle. */
    public static final Duration CYCLE = Duration.ofMinutes(6);

    /**
     * The standard cycle. The first 40 seconds are quiet, so that the monitors are up before the first
     * fault; the last 40 too, so that every monitor is seen to recover before the next cycle.
     */
    public static final List<Scene> OFFICE = List.of(
            new Scene(Service.WIKI, at(0, 40), at(1, 50), new Condition.Slow(Duration.ofMillis(900))),
            new Scene(Service.PAYROLL, at(1, 0), at(2, 0), new Condition.Erroring(500)),
            new Scene(Service.MAIL, at(2, 0), at(2, 50), new Condition.Slow(Duration.ofMillis(700))),
            new Scene(Service.VPN, at(2, 30), at(3, 30), new Condition.Refusing()),
            // Short on purpose: the file shares' monitors flip on one bad result, so this shows as a flap.
            new Scene(Service.FILES, at(3, 40), at(4, 0), new Condition.Resetting()));
    // The nightly backup is not a scene: it is a job that reports in (BackupJob), failing and keeping
    // silent on this script's clock.

    private final List<Scene> scenes;
    private final Duration cycle;
    private final InstantSource clock;
    private final double speed;
    private final Instant start;
    // Only the ticking thread reads and writes it: what was applied last, to log changes only.
    private final Map<Service, Condition> applied = new EnumMap<>(Service.class);

    /** A script that starts now, by {@code clock}. */
    public Script(List<Scene> scenes, Duration cycle, InstantSource clock, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("the speed must be a number above 0, not " + speed);
        }
        List<Scene> sorted = scenes.stream()
                .sorted(Comparator.comparing(Scene::service).thenComparing(Scene::from))
                .toList();
        for (int i = 0; i < sorted.size(); i++) {
            Scene s = sorted.get(i);
            if (s.from().isNegative()
                    || s.until().compareTo(s.from()) <= 0
                    || s.until().compareTo(cycle) > 0) {
                throw new IllegalArgumentException("a scene must end after it starts, within the cycle: " + s);
            }
            if (!Endpoint.takes(s.service(), s.condition())) {
                throw new IllegalArgumentException(s.service().label() + " cannot be told: "
                        + s.condition().words());
            }
            if (i > 0
                    && sorted.get(i - 1).service() == s.service()
                    && sorted.get(i - 1).until().compareTo(s.from()) > 0) {
                throw new IllegalArgumentException(
                        "two scenes of " + s.service().label() + " overlap: " + s);
            }
        }
        this.scenes = sorted;
        this.cycle = cycle;
        this.clock = clock;
        this.speed = speed;
        this.start = clock.instant();
    }

    /** The standard office script, starting now. */
    public static Script office(InstantSource clock, double speed) {
        return new Script(OFFICE, CYCLE, clock, speed);
    }

    /** How far into the cycle the script is now, in script time. */
    public Duration position() {
        return Duration.ofMillis(elapsed().toMillis() % cycle.toMillis());
    }

    /** How long the script has run, in script time, over all its cycles. */
    public Duration elapsed() {
        long real = Math.max(0, Duration.between(start, clock.instant()).toMillis());
        return Duration.ofMillis((long) (real * speed));
    }

    /** The length of the cycle, in script time. */
    public Duration cycle() {
        return cycle;
    }

    /** How {@code service} behaves now. */
    public Condition condition(Service service) {
        Duration now = position();
        return scenes.stream()
                .filter(s -> s.service() == service && s.from().compareTo(now) <= 0 && now.compareTo(s.until()) < 0)
                .map(Scene::condition)
                .findFirst()
                .orElse(Condition.HEALTHY);
    }

    /**
     * Tells {@code office} the condition of every service now (all of them every time: setting one is
     * idempotent, and a service that could not recover at the last tick tries again) and logs what changed.
     *
     * @return the services whose condition changed since the last tick, with their new condition
     */
    public Map<Service, Condition> tick(BiConsumer<Service, Condition> office) {
        Map<Service, Condition> changed = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            Condition c = condition(s);
            office.accept(s, c);
            Condition before = applied.put(s, c);
            if (!c.equals(before) && (before != null || !c.equals(Condition.HEALTHY))) {
                changed.put(s, c);
                LOG.info("demo office: {} {}", s.label(), c.words());
            }
        }
        return changed;
    }

    private static Duration at(int minutes, int seconds) {
        return Duration.ofMinutes(minutes).plusSeconds(seconds);
    }
}

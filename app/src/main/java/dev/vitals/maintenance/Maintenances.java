package dev.vitals.maintenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.config.Problem;
import dev.vitals.config.Problems;
import dev.vitals.config.ReadContext;
import dev.vitals.config.TreeReader;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance stage of the alert pipeline: the windows of the configuration file (replaced on
 * reload) and those made through the API (the {@code maintenances} table), asked whether an alert's
 * labels are in a window that is active now.
 *
 * <p>As with silences, {@link #muting} reads no table and expands no schedule on most calls: the API's
 * windows are kept in memory and re-read when older than {@link #REFRESH}, and each window remembers
 * its current occurrence until the next change ({@link Timing}).
 */
public final class Maintenances {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenances.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How stale the in-memory copy of the API's windows may get; another node may have changed them. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    public enum Origin {
        FILE,
        API;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A window, where it comes from, and for the API's: who made it, and when it was ended. */
    public record Entry(
            MaintenanceWindow window,
            Origin origin,
            Optional<String> createdBy,
            Optional<Instant> createdAt,
            Optional<Instant> endedAt) {
        public String name() {
            return window.name();
        }

        /** Whether it was ended at or before {@code now}: it has no occurrence from then on. */
        public boolean endedBy(Instant now) {
            return endedAt.filter(e -> !now.isBefore(e)).isPresent();
        }
    }

    /** The window muting an alert, and when its current occurrence ends. */
    public record Active(String name, Origin origin, Instant endsAt) {
        public String describe() {
            return "maintenance " + name + " until " + endsAt;
        }
    }

    /** A window as a list shows it, at one instant. */
    public record Status(Entry entry, String schedule, Optional<Interval> current, Optional<Interval> next) {}

    private record Known(Entry entry, Timing timing) {}

    private record Snapshot(List<Known> file, List<Known> api, Instant apiReadAt) {}

    private final MaintenanceStore store;
    private final InstantSource clock;
    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of(), Instant.EPOCH);

    public Maintenances(MaintenanceStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The file's windows, at start and after each reload of the configuration. */
    public synchronized void useFileWindows(List<MaintenanceWindow> windows) {
        List<Known> file = windows.stream()
                .map(w -> new Known(
                        new Entry(w, Origin.FILE, Optional.empty(), Optional.empty(), Optional.empty()), new Timing(w)))
                .toList();
        Snapshot s = snapshot;
        snapshot = new Snapshot(file, s.api(), s.apiReadAt());
    }

    /** The window that mutes an alert with {@code labels} at {@code now}: of several, the one ending last. */
    public Optional<Active> muting(Map<String, String> labels, Instant now) {
        Snapshot s = fresh();
        Active found = null;
        for (List<Known> list : List.of(s.file(), s.api())) {
            for (Known k : list) {
                if (k.entry().endedBy(now) || !matches(k.entry().window(), labels)) {
                    continue;
                }
                Optional<Interval> i = k.timing().activeAt(now);
                if (i.isPresent() && (found == null || i.get().end().isAfter(found.endsAt()))) {
                    found = new Active(
                            k.entry().name(), k.entry().origin(), i.get().end());
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether the window covers alerts with {@code labels}: every label of its match, equal. */
    public static boolean matches(MaintenanceWindow w, Map<String, String> labels) {
        for (Map.Entry<String, String> e : w.match().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a window from JSON with the keys of the file, with the file's checks and messages;
     * throws {@link MaintenanceException} of kind INVALID listing every problem.
     */
    public static MaintenanceWindow parse(String json) {
        Problems problems = new Problems();
        Optional<MaintenanceWindow> w = TreeReader.json(json.isBlank() ? "{}" : json, problems)
                .flatMap(n -> MaintenanceReader.readOne(n, ReadContext.forApi(problems)));
        if (!problems.isEmpty() || w.isEmpty()) {
            List<Problem> all = problems.sorted().stream()
                    // A missing key is reported at the map's path plus the key; the body's map has none.
                    .map(p -> p.path().startsWith(".")
                            ? new Problem(p.location(), p.path().substring(1), p.message())
                            : p)
                    .toList();
            String message =
                    all.isEmpty() ? "not a maintenance window" : all.get(0).message();
            throw new MaintenanceException(MaintenanceException.Kind.INVALID, message, all);
        }
        return w.get();
    }

    /** Makes a window from its JSON definition; a name in use is a CONFLICT. */
    public Entry create(String json, String createdBy) {
        MaintenanceWindow w = parse(json);
        if (snapshot.file().stream().anyMatch(k -> k.entry().name().equals(w.name()))) {
            throw new MaintenanceException(
                    MaintenanceException.Kind.CONFLICT,
                    "a window named \"" + w.name() + "\" is defined in the configuration file; choose another name");
        }
        Instant now = clock.instant();
        String definition;
        try {
            definition = JSON.readTree(json).toString();
        } catch (JsonProcessingException e) {
            throw new MaintenanceException(MaintenanceException.Kind.INVALID, "the body is not valid JSON");
        }
        MaintenanceStore.Row row = new MaintenanceStore.Row(
                UUID.randomUUID().toString(), w.name(), definition, createdBy, now, Optional.empty());
        if (!store.insert(row)) {
            throw new MaintenanceException(
                    MaintenanceException.Kind.CONFLICT,
                    "a window named \"" + w.name()
                            + "\" exists and has not ended; end it first or choose another name");
        }
        refresh();
        return new Entry(w, Origin.API, Optional.of(createdBy), Optional.of(now), Optional.empty());
    }

    /**
     * Ends a window of the API now: its current occurrence stops and no other follows. Ending an
     * ended window changes nothing. A window of the file cannot be ended here (CONFLICT): the file
     * would bring it back at the next reload.
     */
    public Entry end(String name) {
        if (snapshot.file().stream().anyMatch(k -> k.entry().name().equals(name))) {
            throw new MaintenanceException(
                    MaintenanceException.Kind.CONFLICT,
                    "window \"" + name + "\" is defined in the configuration file; remove it there (it cannot be"
                            + " ended through the API)");
        }
        store.end(name, clock.instant());
        refresh();
        return snapshot.api().stream()
                .map(Known::entry)
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new MaintenanceException(
                        MaintenanceException.Kind.NOT_FOUND, "no maintenance window named \"" + name + "\""));
    }

    /** Every window, the file's first, each with its schedule in words, current and next occurrence. */
    public List<Status> list() {
        Instant now = clock.instant();
        Snapshot s = fresh();
        List<Status> out = new ArrayList<>();
        for (List<Known> list : List.of(s.file(), s.api())) {
            for (Known k : list) {
                out.add(status(k.entry(), now));
            }
        }
        return List.copyOf(out);
    }

    /** The window's schedule in words, such as "by rule FREQ=MONTHLY;BYDAY=2TU at 22:00 Europe/Berlin, for 2 h". */
    public static String schedule(MaintenanceWindow w) {
        return Words.schedule(w);
    }

    /** How {@code e} stands at {@code now}. */
    public static Status status(Entry e, Instant now) {
        MaintenanceWindow w = e.window();
        boolean ended = e.endedBy(now);
        return new Status(
                e,
                Words.schedule(w),
                ended ? Optional.empty() : w.activeAt(now),
                ended
                        ? Optional.empty()
                        : w.next(now)
                                .filter(i -> e.endedAt().isEmpty()
                                        || i.start().isBefore(e.endedAt().get())));
    }

    /** Re-reads the API's windows now. */
    public void refresh() {
        Instant now = clock.instant();
        // An unchanged window keeps its Timing, so a re-read does not expand every schedule again.
        Map<MaintenanceWindow, Timing> timings = new java.util.HashMap<>();
        snapshot.api().forEach(k -> timings.put(k.entry().window(), k.timing()));
        List<Known> api = new ArrayList<>();
        for (MaintenanceStore.Row r : store.all()) {
            try {
                MaintenanceWindow w = parse(r.definition());
                api.add(new Known(
                        new Entry(w, Origin.API, Optional.of(r.createdBy()), Optional.of(r.createdAt()), r.endedAt()),
                        timings.getOrDefault(w, new Timing(w))));
            } catch (MaintenanceException e) {
                // Saved by an older version that accepted it: left out, and said, rather than failing them all.
                LOG.warn("maintenance window \"{}\" in the database is no longer valid: {}", r.name(), e.getMessage());
            }
        }
        synchronized (this) {
            Snapshot s = snapshot;
            snapshot = new Snapshot(s.file(), List.copyOf(api), now);
        }
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (Duration.between(s.apiReadAt(), now).compareTo(REFRESH) < 0) {
            return s;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not re-read the maintenance windows; keeping the {} known ones",
                    s.api().size(),
                    e);
            synchronized (this) {
                snapshot = new Snapshot(snapshot.file(), snapshot.api(), now);
            }
        }
        return snapshot;
    }
}

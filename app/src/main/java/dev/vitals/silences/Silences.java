package dev.vitals.silences;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silencing stage of the alert pipeline, and the one way silences are made and ended.
 *
 * <p>{@link #muting} is asked for every alert at every flush, so it reads no table: the silences
 * that have not ended (active and pending) are kept in memory. The copy is replaced after every
 * change made through this class, and re-read from the table when it is older than {@link
 * #REFRESH}, because another node may have changed the table. The re-read happens inside the first
 * {@code muting} call that finds the copy stale, so there is no thread to start or stop, and tests
 * move time with the clock. A failed re-read keeps the old copy: a database hiccup must not unmute
 * everything at once.
 */
public final class Silences {
    private static final Logger LOG = LoggerFactory.getLogger(Silences.class);

    /** How stale the in-memory copy may get before it is read again. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    /** How far ahead a silence may end; longer is better done by changing the monitors or routes. */
    public static final Duration MAX_LENGTH = Duration.ofDays(90);

    private final SilenceStore store;
    private final InstantSource clock;
    private volatile Snapshot snapshot;

    /** The silences that had not ended when read, and when that was. */
    private record Snapshot(List<Silence> current, Instant readAt) {}

    public Silences(SilenceStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
        this.snapshot = new Snapshot(List.of(), Instant.EPOCH);
    }

    /**
     * The silence that mutes an alert with {@code labels} at {@code now}, if any; of several, the one
     * that ends last, since that is the one that keeps the alert quiet.
     */
    public Optional<Silence> muting(Map<String, String> labels, Instant now) {
        Silence found = null;
        for (Silence s : fresh().current()) {
            if (s.mutes(labels, now) && (found == null || s.endsAt().isAfter(found.endsAt()))) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Makes a silence; throws {@link SilenceException} naming the field when the request cannot be one. */
    public Silence create(SilenceRequest r, String createdBy) {
        Instant now = clock.instant();
        if (r.matchers().stream().allMatch(m -> m.matchesValue(""))) {
            throw new SilenceException(
                    "matchers",
                    "at least one matcher must not match the empty string (such as service=\"erp\"), so that a"
                            + " silence cannot mute every alert by accident");
        }
        // A start in the past means "from now", as in Alertmanager: the past cannot be silenced.
        Instant start = r.startsAt().filter(s -> s.isAfter(now)).orElse(now);
        if (Duration.between(now, start).compareTo(MAX_LENGTH) > 0) {
            throw new SilenceException("starts_at", "starts_at is more than 90 days ahead");
        }
        if (r.duration().isPresent() && r.duration().get().compareTo(MAX_LENGTH) > 0) {
            throw new SilenceException("duration", "a silence lasts at most 90 days");
        }
        Instant end = r.endsAt().orElseGet(() -> start.plus(r.duration().orElseThrow()));
        if (!end.isAfter(start)) {
            throw new SilenceException(
                    "ends_at",
                    "ends_at must be after the start (" + start + "), not "
                            + r.endsAt().orElseThrow());
        }
        if (end.isAfter(now.plus(MAX_LENGTH))) {
            throw new SilenceException("ends_at", "ends_at is more than 90 days ahead; a silence must end sooner");
        }
        Silence s =
                new Silence(UUID.randomUUID().toString(), r.matchers(), start, end, createdBy, r.comment(), now, now);
        store.insert(s);
        refresh();
        return s;
    }

    /**
     * Expires the silence now. An expired silence stays listed; expiring it again changes nothing.
     * Empty when there is no such silence.
     */
    public Optional<Silence> expire(String id) {
        if (store.expire(id, clock.instant())) {
            refresh();
        }
        return store.get(id);
    }

    public Optional<Silence> get(String id) {
        return store.get(id);
    }

    /**
     * Silences in {@code state} at the clock's now: active and pending ones by start, expired ones the
     * latest first (at most {@code limit} of those, since they pile up).
     */
    public List<Silence> list(Silence.State state, int limit) {
        Instant now = clock.instant();
        if (state == Silence.State.EXPIRED) {
            return store.expired(now, limit);
        }
        return store.current(now).stream()
                .filter(s -> s.state(now) == state)
                .sorted(Comparator.comparing(Silence::startsAt))
                .toList();
    }

    /** The state of {@code s} by this stage's clock. */
    public Silence.State stateNow(Silence s) {
        return s.state(clock.instant());
    }

    /** Re-reads the table now. */
    public void refresh() {
        Instant now = clock.instant();
        snapshot = new Snapshot(store.current(now), now);
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (Duration.between(s.readAt(), now).compareTo(REFRESH) < 0) {
            return s;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not re-read the silences; keeping the {} known ones",
                    s.current().size(),
                    e);
            // Try again after another REFRESH rather than at every alert.
            snapshot = new Snapshot(s.current(), now);
        }
        return snapshot;
    }
}

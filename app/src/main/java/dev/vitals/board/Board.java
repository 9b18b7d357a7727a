package dev.vitals.board;

import dev.vitals.checks.CheckResult;
import dev.vitals.checks.Outcome;
import dev.vitals.evaluation.Evaluated;
import dev.vitals.monitors.MonitorTable;
import dev.vitals.results.Level;
import dev.vitals.results.Retention;
import dev.vitals.results.Scan;
import dev.vitals.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every monitor's availability and sparkline, in memory, kept by evaluation: the overview of ten
 * thousand monitors is computed from here without a database read. It also tells whoever listens
 * (the pages' live streams) which monitor changed.
 */
public final class Board {
    private static final Logger LOG = LoggerFactory.getLogger(Board.class);
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 86_400_000L;

    /** What the overview shows of one monitor beside its state. */
    public record Line(OptionalDouble day, OptionalDouble month, long[] sparkline) {
        static final Line EMPTY = new Line(OptionalDouble.empty(), OptionalDouble.empty(), new long[0]);
    }

    /** A monitor changed: a new result, and with {@code stateChanged} a new state. */
    public record Change(String monitorId, boolean stateChanged) {}

    private final InstantSource clock;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public Board(InstantSource clock) {
        this.clock = clock;
    }

    /** An evaluation sink. */
    public void accept(Evaluated e) {
        e.result().ifPresent(r -> tally(r.monitorId()).add(r.at().toEpochMilli(), r.outcome(), micros(r)));
        Change change = new Change(e.monitorId(), e.flip().isPresent());
        for (Consumer<Change> l : listeners) {
            l.accept(change);
        }
    }

    public void listen(Consumer<Change> listener) {
        listeners.add(listener);
    }

    public void unlisten(Consumer<Change> listener) {
        listeners.remove(listener);
    }

    public void forget(String monitorId) {
        tallies.remove(monitorId);
    }

    public Line line(String monitorId) {
        Tally t = tallies.get(monitorId);
        if (t == null) {
            return Line.EMPTY;
        }
        long now = clock.millis();
        return new Line(t.day(now), t.month(now), t.sparkline());
    }

    private Tally tally(String id) {
        return tallies.computeIfAbsent(id, k -> new Tally());
    }

    private static long micros(CheckResult r) {
        return r.latency().toNanos() / 1000;
    }

    /**
     * Fills the board from the store: the last 24 hours by hour, the last 30 days by day, and each
     * monitor's last results for its sparkline. Call before checks start, so that nothing is counted
     * twice.
     */
    public void seed(Database db, Retention.Keep keep) {
        long started = System.nanoTime();
        long now = clock.millis();
        int monitors = db.read(c -> {
            Map<String, Long> active = MonitorTable.active(c);
            Map<Long, Tally> byMid = new HashMap<>();
            active.forEach((id, mid) -> byMid.put(mid, tally(id)));
            long hours = Math.floorDiv(now, HOUR_MS) * HOUR_MS - (Tally.HOURS - 1) * HOUR_MS;
            Scan.window(c, java.util.Optional.empty(), hours, now, Level.HOUR, now, keep, false, (mid, at, l, b) -> {
                Tally t = byMid.get(mid);
                if (t != null) {
                    t.count(at, b.good(), b.bad(), true, false);
                }
            });
            long days = Math.floorDiv(now, DAY_MS) * DAY_MS - (Tally.DAYS - 1) * DAY_MS;
            Scan.window(c, java.util.Optional.empty(), days, now, Level.DAY, now, keep, false, (mid, at, l, b) -> {
                Tally t = byMid.get(mid);
                if (t != null) {
                    t.count(at, b.good(), b.bad(), false, true);
                }
            });
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT at, outcome, latency_us FROM results WHERE mid = ? ORDER BY at DESC LIMIT "
                            + Tally.SPARK)) {
                for (Map.Entry<Long, Tally> e : byMid.entrySet()) {
                    ps.setLong(1, e.getKey());
                    List<long[]> rows = new ArrayList<>(Tally.SPARK);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getLong(3)});
                        }
                    }
                    for (int i = rows.size() - 1; i >= 0; i--) {
                        long[] r = rows.get(i);
                        e.getValue().point(r[0], Outcome.ofCode((int) r[1]), r[2]);
                    }
                }
            }
            return active.size();
        });
        LOG.info("console board loaded for {} monitors in {} ms", monitors, (System.nanoTime() - started) / 1_000_000);
    }
}

package dev.vitals.board;

import dev.vitals.checks.CheckResult;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.Monitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The overview as a query: every monitor with its state and board line, narrowed by a {@link Filter},
 * grouped by its {@code service} label (or {@code team}, or "other"), worst first, one page at a time;
 * and the monitors that are not up, longest trouble first.
 */
public final class Overview {
    public static final String NO_GROUP = "other";

    /** One monitor as the overview shows it. */
    public record Row(Monitor monitor, MonitorStatus status, Board.Line line, Optional<CheckResult> last) {
        public State state() {
            return status.state();
        }
    }

    public record Group(String name, List<Row> rows) {}

    /**
     * One page of the overview: counts per state of the monitors the text and labels match (whatever
     * the state filter), how many match in all, and this page's rows in their groups.
     */
    public record Page(Map<State, Integer> counts, int matched, int page, int pages, List<Group> groups) {
        public List<Row> rows() {
            return groups.stream().flatMap(g -> g.rows().stream()).toList();
        }
    }

    /** Worst first: what needs a person before what does not. */
    static final List<State> ORDER =
            List.of(State.DOWN, State.DEGRADED, State.UNKNOWN, State.PENDING, State.UP, State.PAUSED);

    private final Supplier<Collection<Monitor>> monitors;
    private final Function<String, Optional<MonitorStatus>> status;
    private final Board board;
    private final Function<String, Optional<CheckResult>> latest;
    private final Supplier<Instant> now;

    public Overview(
            Supplier<Collection<Monitor>> monitors,
            Function<String, Optional<MonitorStatus>> status,
            Board board,
            Function<String, Optional<CheckResult>> latest,
            Supplier<Instant> now) {
        this.monitors = monitors;
        this.status = status;
        this.board = board;
        this.latest = latest;
        this.now = now;
    }

    /** A monitor and its state: what sorting needs, before the board's numbers are read. */
    private record Entry(Monitor monitor, MonitorStatus status) {}

    /**
     * Page {@code page} (from 1; past the end gives the last) of {@code size} rows. Only the rows of
     * the page read the board and the last result.
     */
    public Page page(Filter filter, int page, int size) {
        // In the order the overview sorts: the worst first.
        Map<State, Integer> counts = new LinkedHashMap<>();
        for (State s : ORDER) {
            counts.put(s, 0);
        }
        Map<String, List<Entry>> groups = new LinkedHashMap<>();
        for (Monitor m : monitors.get()) {
            if (!filter.matchesMonitor(m)) {
                continue;
            }
            MonitorStatus st = status.apply(m.id()).orElseGet(() -> MonitorStatus.pending(now.get()));
            counts.merge(st.state(), 1, Integer::sum);
            if (filter.matchesState(st.state())) {
                groups.computeIfAbsent(group(m), k -> new ArrayList<>()).add(new Entry(m, st));
            }
        }
        List<Map.Entry<String, List<Entry>>> ordered = new ArrayList<>(groups.entrySet());
        int matched = 0;
        for (Map.Entry<String, List<Entry>> e : ordered) {
            e.getValue().sort(WORST_FIRST);
            matched += e.getValue().size();
        }
        ordered.sort(Comparator.comparing(
                        (Map.Entry<String, List<Entry>> g) -> g.getValue().get(0), WORST_FIRST)
                .thenComparing(Map.Entry::getKey));
        int pages = Math.max(1, (matched + size - 1) / size);
        int p = Math.min(Math.max(1, page), pages);
        int from = (p - 1) * size;
        int to = Math.min(matched, from + size);
        List<Group> slice = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Entry>> g : ordered) {
            List<Entry> rows = g.getValue();
            int gFrom = Math.max(from, i) - i;
            int gTo = Math.min(to, i + rows.size()) - i;
            if (gFrom < gTo) {
                slice.add(new Group(
                        g.getKey(),
                        rows.subList(gFrom, gTo).stream()
                                .map(e -> row(e.monitor(), e.status()))
                                .toList()));
            }
            i += rows.size();
            if (i >= to) {
                break;
            }
        }
        return new Page(counts, matched, p, pages, slice);
    }

    /** Every monitor that is not up (paused ones last), longest trouble first. */
    public List<Row> problems() {
        List<Row> out = new ArrayList<>();
        for (Monitor m : monitors.get()) {
            MonitorStatus st = status.apply(m.id()).orElseGet(() -> MonitorStatus.pending(now.get()));
            if (st.state() != State.UP) {
                out.add(row(m, st));
            }
        }
        out.sort(Comparator.comparing((Row r) -> r.state() == State.PAUSED)
                .thenComparing(r -> r.status().since())
                .thenComparing(r -> rank(r.state()))
                .thenComparing(r -> r.monitor().id()));
        return out;
    }

    /** One monitor's row, for a live update. */
    public Optional<Row> row(String id, Function<String, Optional<Monitor>> find) {
        return find.apply(id).map(m -> row(m, status.apply(id).orElseGet(() -> MonitorStatus.pending(now.get()))));
    }

    private Row row(Monitor m, MonitorStatus st) {
        return new Row(m, st, board.line(m.id()), latest.apply(m.id()));
    }

    static String group(Monitor m) {
        String g = m.labels().get("service");
        if (g == null || g.isBlank()) {
            g = m.labels().get("team");
        }
        return g == null || g.isBlank() ? NO_GROUP : g;
    }

    static int rank(State s) {
        return ORDER.indexOf(s);
    }

    /** Worst state first; within a state in trouble, the longest; then by name. */
    private static final Comparator<Entry> WORST_FIRST = Comparator.comparingInt(
                    (Entry r) -> rank(r.status().state()))
            .thenComparing(
                    r -> calm(r.status().state()) ? Instant.MIN : r.status().since())
            .thenComparing(r -> r.monitor().name())
            .thenComparing(r -> r.monitor().id());

    private static boolean calm(State s) {
        return s == State.UP || s == State.PAUSED;
    }
}

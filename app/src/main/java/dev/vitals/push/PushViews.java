package dev.vitals.push;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the API and the console show of push monitors: state, ping URL and runs. The ping URL is made
 * from Vitals's address as people reach it ({@code external_url}, else the address it listens on).
 */
public final class PushViews {
    /** How many runs of each push monitor are kept, with their logs (older pings are pruned). */
    public static final int KEPT_RUNS = 100;

    /** How many pings are read back to make the runs shown. */
    static final int PINGS_READ = 400;

    private final PushMonitors push;
    private final PingStore store;
    private final Supplier<URI> base;

    public PushViews(PushMonitors push, PingStore store, Supplier<URI> base) {
        this.push = push;
        this.store = store;
        this.base = base;
    }

    public Optional<PushMonitors.Status> status(String monitorId) {
        return push.status(monitorId);
    }

    /**
     * Whether a caller sees a monitor's ping URL: it is the job's credential (whoever has it can report
     * the job as done), so admins and the members of the monitor's team (label {@code team}) only. The
     * API and the console both ask here.
     */
    public static boolean showsPingUrl(dev.vitals.monitors.Monitor m, dev.vitals.accounts.Caller caller) {
        return caller.role() == dev.vitals.accounts.Role.ADMIN
                || Optional.ofNullable(m.labels().get("team"))
                        .filter(caller.teams()::contains)
                        .isPresent();
    }

    /** The full URL a job pings, such as {@code https://vitals.example.org/ping/4f8a…}. */
    public URI pingUrl(UUID key) {
        String b = base.get().toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/ping/" + key);
    }

    /** The last {@code limit} runs of a monitor, newest first. */
    public List<Runs.Run> runs(String monitorId, int limit) {
        List<Ping> pings = store.recent(monitorId, PINGS_READ).stream()
                .sorted(Comparator.comparingLong(PingStore.Stored::pid))
                .map(PingStore.Stored::ping)
                .toList();
        List<Runs.Run> all = Runs.of(pings);
        return all.subList(0, Math.min(limit, all.size()));
    }
}

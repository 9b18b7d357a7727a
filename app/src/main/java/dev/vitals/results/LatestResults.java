package dev.vitals.results;

import dev.vitals.checks.CheckResult;
import dev.vitals.evaluation.Evaluated;
import dev.vitals.store.Database;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest result of every monitor, in memory, so that listing ten thousand monitors with their
 * last result reads no database rows. Loaded from the store at start-up, then kept by evaluation.
 */
public final class LatestResults {
    private final Map<String, CheckResult> latest = new ConcurrentHashMap<>();

    public void accept(Evaluated e) {
        e.result().ifPresent(r -> latest.merge(r.monitorId(), r, (a, b) -> b.at().isBefore(a.at()) ? a : b));
    }

    public Optional<CheckResult> get(String monitorId) {
        return Optional.ofNullable(latest.get(monitorId));
    }

    public void load(Database db, Collection<String> monitorIds) {
        for (String id : monitorIds) {
            db.read(c -> ResultTables.latest(c, id)).ifPresent(r -> latest.putIfAbsent(id, r));
        }
    }

    public void forget(String monitorId) {
        latest.remove(monitorId);
    }
}

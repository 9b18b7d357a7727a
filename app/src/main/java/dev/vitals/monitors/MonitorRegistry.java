package dev.vitals.monitors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.config.ConfigException;
import dev.vitals.config.Node;
import dev.vitals.config.Problem;
import dev.vitals.config.Problems;
import dev.vitals.config.ReadContext;
import dev.vitals.config.TreeReader;
import dev.vitals.store.Database;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitors in force: those of the configuration file and those created through the API (kept in
 * the database). A monitor belongs to one of the two and can be changed only there: the API refuses
 * to change a file's monitor, and a file that declares an id the API created is refused as a whole,
 * so that neither silently overwrites the other.
 */
public final class MonitorRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorRegistry.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<MonitorListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Monitor> monitors = Map.of();

    public MonitorRegistry(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    public void addListener(MonitorListener l) {
        listeners.add(l);
    }

    public Collection<Monitor> all() {
        return monitors.values();
    }

    public Optional<Monitor> get(String id) {
        return Optional.ofNullable(monitors.get(id));
    }

    /**
     * Loads the monitors created through the API, at start-up. A stored definition this version can
     * no longer read is logged and left out rather than stopping Vitals.
     */
    public void loadApiMonitors() {
        lock.lock();
        try {
            Map<String, Monitor> next = new LinkedHashMap<>(monitors);
            for (MonitorTable.ApiDefinition d : db.read(MonitorTable::apiDefinitions)) {
                Problems problems = new Problems();
                Optional<Monitor> m = TreeReader.json(d.json(), problems)
                        .flatMap(n ->
                                MonitorReader.read(n, ReadContext.forApi(problems), new Origin.Api(d.restricted())));
                if (m.isPresent() && problems.isEmpty()) {
                    next.put(m.get().id(), m.get());
                } else {
                    LOG.error(
                            "monitor {} stored through the API cannot be read and is not checked: {}",
                            d.id(),
                            problems.sorted());
                }
            }
            publish(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the file's monitors with {@code fileMonitors}, all of them or none: on a conflict with
     * an API monitor nothing changes and a {@link ConfigException} says why.
     */
    public void applyFile(List<Monitor> fileMonitors) {
        lock.lock();
        try {
            List<Problem> conflicts = new ArrayList<>();
            for (Monitor m : fileMonitors) {
                Monitor existing = monitors.get(m.id());
                if (existing != null && existing.origin() instanceof Origin.Api) {
                    Origin.File f = (Origin.File) m.origin();
                    conflicts.add(new Problem(
                            f.location(),
                            m.id(),
                            "monitor id \"" + m.id()
                                    + "\" was created through the API; delete it there or choose another id"));
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ConfigException(conflicts);
            }
            Map<String, Monitor> next = new LinkedHashMap<>();
            monitors.values().stream()
                    .filter(m -> m.origin() instanceof Origin.Api)
                    .forEach(m -> next.put(m.id(), m));
            fileMonitors.forEach(m -> next.put(m.id(), m));
            long now = clock.instant().toEpochMilli();
            db.write(c -> {
                for (Monitor m : fileMonitors) {
                    MonitorTable.upsert(c, m.id(), "file", Optional.empty(), false, now);
                }
                for (Monitor old : monitors.values()) {
                    if (old.origin() instanceof Origin.File && !next.containsKey(old.id())) {
                        MonitorTable.markRemoved(c, old.id(), now);
                    }
                }
                return null;
            });
            publish(next);
        } finally {
            lock.unlock();
        }
    }

    /** Creates a monitor from an admin's API body; the id must be new. */
    public Monitor create(String json) {
        return create(json, false);
    }

    /**
     * Creates a monitor from an API body; the id must be new. {@code restricted}: written by someone
     * who is not an admin, so its checks may not reach the networks of {@code security.deny_networks}.
     */
    public Monitor create(String json, boolean restricted) {
        return create(json, restricted, m -> {});
    }

    /**
     * As {@link #create(String, boolean)}, with {@code approve} called on the new monitor before it is
     * stored; whatever it throws stops the creation (the API's permission checks).
     */
    public Monitor create(String json, boolean restricted, java.util.function.Consumer<Monitor> approve) {
        lock.lock();
        try {
            Monitor m = parse(json, Optional.empty(), restricted);
            approve.accept(m);
            Monitor existing = monitors.get(m.id());
            if (existing != null) {
                throw new MonitorException(
                        MonitorException.Kind.CONFLICT,
                        "a monitor with id \"" + m.id() + "\" exists already" + where(existing));
            }
            Map<String, Monitor> next = new LinkedHashMap<>(monitors);
            next.put(m.id(), m);
            checkDependencies(m, next);
            store(m, json);
            publish(next);
            return m;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces an API monitor's definition by an admin's; a file's monitor cannot be changed here. */
    public Monitor update(String id, String json) {
        return update(id, json, false);
    }

    /**
     * Replaces an API monitor's definition; a file's monitor cannot be changed here. The monitor is
     * restricted from now on if {@code restricted} (a non-admin changed it), and no longer if not:
     * whoever changed it last answers for where it points.
     */
    public Monitor update(String id, String json, boolean restricted) {
        return update(id, json, restricted, (before, after) -> {});
    }

    /**
     * As {@link #update(String, String, boolean)}, with {@code approve} called on the monitor before
     * and after the change, before anything is stored; whatever it throws stops the change.
     */
    public Monitor update(
            String id, String json, boolean restricted, java.util.function.BiConsumer<Monitor, Monitor> approve) {
        lock.lock();
        try {
            Monitor existing = require(id);
            refuseFile(existing, "changed");
            String merged = keepSecrets(existing, json);
            Monitor m = parse(merged, Optional.of(id), restricted);
            approve.accept(existing, m);
            // The id may come from the path alone; the stored body must name it, or the monitor
            // could not be read back at the next start.
            Map<String, Monitor> next = new LinkedHashMap<>(monitors);
            next.put(id, m);
            checkDependencies(m, next);
            store(m, withId(merged, id));
            publish(next);
            return m;
        } finally {
            lock.unlock();
        }
    }

    /** A monitor made through the API may depend on any monitor, but on none that is missing, nor in a circle. */
    private static void checkDependencies(Monitor m, Map<String, Monitor> all) {
        List<Dependencies.Problem> problems = Dependencies.check(all.values(), id -> false).stream()
                .filter(p -> p.monitorId().equals(m.id()))
                .toList();
        if (!problems.isEmpty()) {
            throw new MonitorException(
                    MonitorException.Kind.INVALID,
                    problems.stream()
                            .map(Dependencies.Problem::message)
                            .collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    public void delete(String id) {
        lock.lock();
        try {
            Monitor existing = require(id);
            refuseFile(existing, "deleted");
            db.write(c -> {
                MonitorTable.markRemoved(c, id, clock.instant().toEpochMilli());
                return null;
            });
            Map<String, Monitor> next = new LinkedHashMap<>(monitors);
            next.remove(id);
            publish(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The API never shows secrets, so a client that read a monitor and sends it back cannot send its
     * password: a secret key absent from an update keeps its stored value.
     */
    private String keepSecrets(Monitor existing, String json) {
        try {
            JsonNode body = JSON.readTree(json);
            if (!(body instanceof ObjectNode obj)) {
                return json;
            }
            Optional<String> stored = db.read(c -> MonitorTable.definition(c, existing.id()));
            if (stored.isEmpty()) {
                return json;
            }
            JsonNode old = JSON.readTree(stored.get());
            if (!sameDestination(obj, old)) {
                // Secrets were given for where the monitor pointed; carried to a new place they would
                // be handed to whoever runs it. Whoever moves a monitor gives them again.
                return json;
            }
            for (String key : existing.target().secretsSet()) {
                if (!obj.has(key) && !obj.has(key + "_file") && old.has(key)) {
                    obj.set(key, old.get(key));
                }
            }
            restoreMasked(obj, old);
            return JSON.writeValueAsString(obj);
        } catch (JsonProcessingException e) {
            return json; // the strict reader reports what is wrong with the body
        }
    }

    /**
     * Whether the body still points where the stored definition did: the same kind, the same scheme,
     * host and port of its URL (a masked URL counts as the stored one), and the same host and port.
     */
    private static boolean sameDestination(ObjectNode body, JsonNode old) {
        if (!body.path("kind").equals(old.path("kind"))) {
            return false;
        }
        if (!body.path("host").equals(old.path("host")) || !body.path("port").equals(old.path("port"))) {
            return false;
        }
        JsonNode url = body.path("url");
        JsonNode oldUrl = old.path("url");
        if (url.isMissingNode() && oldUrl.isMissingNode()) {
            return true;
        }
        if (!url.isTextual() || !oldUrl.isTextual()) {
            return false;
        }
        String given = url.asText();
        if (given.contains(Redact.MASK) && Redact.url(oldUrl.asText()).equals(given)) {
            return true;
        }
        return origin(given).equals(origin(oldUrl.asText()));
    }

    /** scheme://host:port of a URL (a JDBC URL without its "jdbc:"), or the whole text if it has none. */
    private static String origin(String url) {
        String u = url.startsWith("jdbc:") ? url.substring(5) : url;
        try {
            java.net.URI uri = new java.net.URI(u);
            if (uri.getHost() == null) {
                return url;
            }
            return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(java.util.Locale.ROOT);
        } catch (java.net.URISyntaxException e) {
            return url;
        }
    }

    /**
     * A client that sends back a monitor as the API showed it sends masked values ({@link Redact}):
     * an HTTP header or a database URL whose shown form is exactly what was stored, masked, keeps the
     * stored value.
     */
    private static void restoreMasked(ObjectNode body, JsonNode old) {
        if (body.path("headers") instanceof ObjectNode headers
                && old.path("headers").isObject()) {
            headers.properties().forEach(h -> {
                JsonNode before = old.path("headers").path(h.getKey());
                if (Redact.MASK.equals(h.getValue().asText())
                        && before.isTextual()
                        && Redact.sensitiveHeader(h.getKey())) {
                    headers.set(h.getKey(), before);
                }
            });
        }
        JsonNode url = body.path("url");
        JsonNode oldUrl = old.path("url");
        if (url.isTextual()
                && oldUrl.isTextual()
                && url.asText().contains(Redact.MASK)
                && Redact.url(oldUrl.asText()).equals(url.asText())) {
            body.set("url", oldUrl);
        }
    }

    private static String withId(String json, String id) {
        try {
            if (JSON.readTree(json) instanceof ObjectNode obj && !obj.has("id")) {
                ObjectNode out = JSON.createObjectNode();
                out.put("id", id);
                out.setAll(obj);
                return JSON.writeValueAsString(out);
            }
            return json;
        } catch (JsonProcessingException e) {
            return json; // cannot happen: the body was just read as a valid monitor
        }
    }

    private Monitor require(String id) {
        Monitor m = monitors.get(id);
        if (m == null) {
            throw new MonitorException(MonitorException.Kind.NOT_FOUND, "no monitor with id \"" + id + "\"");
        }
        return m;
    }

    private static void refuseFile(Monitor m, String what) {
        if (m.origin() instanceof Origin.File f) {
            throw new MonitorException(
                    MonitorException.Kind.CONFLICT,
                    "monitor \"" + m.id() + "\" is defined in " + f.location() + " and cannot be " + what
                            + " through the API; change the file instead");
        }
    }

    private static String where(Monitor m) {
        return m.origin() instanceof Origin.File f ? " in " + f.location() : " (created through the API)";
    }

    /** Reads an API body strictly; when {@code pathId} is given the body's id must match or be absent. */
    private static Monitor parse(String json, Optional<String> pathId, boolean restricted) {
        Problems problems = new Problems();
        Optional<Node> root = TreeReader.json(json, problems);
        if (root.isPresent() && pathId.isPresent() && root.get() instanceof Node.MapNode map) {
            Optional<Node> bodyId = map.get("id");
            if (bodyId.isEmpty()) {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                entries.put(
                        "id",
                        new Node.Entry(
                                "id",
                                map.location(),
                                new Node.ScalarNode(map.location(), "id", pathId.get(), Node.ScalarType.STRING)));
                entries.putAll(map.entries());
                root = Optional.of(new Node.MapNode(map.location(), map.path(), entries));
            } else if (!(bodyId.get() instanceof Node.ScalarNode s && s.text().equals(pathId.get()))) {
                problems.add(
                        bodyId.get(),
                        "id in the body must match the id in the path (\"" + pathId.get()
                                + "\"); ids cannot be changed");
            }
        }
        Optional<Monitor> m =
                root.flatMap(n -> MonitorReader.read(n, ReadContext.forApi(problems), new Origin.Api(restricted)));
        if (!problems.isEmpty() || m.isEmpty()) {
            List<Problem> list = problems.sorted();
            throw new MonitorException(
                    MonitorException.Kind.INVALID,
                    list.isEmpty() ? "invalid monitor" : list.get(0).message(),
                    list);
        }
        return m.get();
    }

    private void store(Monitor m, String json) {
        db.write(c -> {
            boolean restricted = m.origin() instanceof Origin.Api a && a.restricted();
            MonitorTable.upsert(
                    c,
                    m.id(),
                    "api",
                    Optional.of(json),
                    restricted,
                    clock.instant().toEpochMilli());
            return null;
        });
    }

    /** Swaps in the new set and tells listeners what changed, in a stable order. */
    private void publish(Map<String, Monitor> next) {
        Map<String, Monitor> before = monitors;
        monitors = java.util.Collections.unmodifiableMap(next);
        for (Monitor m : next.values()) {
            Monitor old = before.get(m.id());
            if (old == null) {
                listeners.forEach(l -> l.added(m));
            } else if (!old.equals(m)) {
                listeners.forEach(l -> l.changed(old, m));
            }
        }
        for (Monitor old : before.values()) {
            if (!next.containsKey(old.id())) {
                listeners.forEach(l -> l.removed(old));
            }
        }
    }
}

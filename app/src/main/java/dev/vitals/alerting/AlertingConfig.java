package dev.vitals.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.config.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting settings in force: the configuration file's receivers, routes and integrations, plus
 * the receivers and routes made through the API ({@link ReceiverStore}).
 *
 * <p>The file stays the file: its receivers cannot be changed through the API, and a receiver name
 * cannot be in both. The API's routes come after the file's routes, under the file's top route and
 * inheriting from it; when the file has no route, the API may give the whole tree. Whatever would
 * leave a route naming a receiver that is not there is refused, whichever side tries it: a change
 * through the API (a conflict) or a reload of the file (the running settings stay).
 *
 * <p>As with maintenance windows, the API's part is kept in memory and re-read when older than
 * {@link #REFRESH}, so that another node's change reaches this one within that time.
 */
public final class AlertingConfig {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingConfig.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How stale the in-memory copy of the API's receivers and routes may get. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    /** What API views show instead of a secret. */
    public static final String MASK = "******";

    public enum Origin {
        FILE,
        API;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A receiver in force, where it comes from, and for the API's: who made and last changed it. */
    public record Entry(Receiver receiver, Origin origin, Optional<ReceiverStore.Row> row) {
        public String name() {
            return receiver.name();
        }
    }

    /**
     * The routing tree in force (empty: nobody is notified), where its top comes from, how many of the
     * top's routes are the file's (the rest are the API's), and the API's definition with its tag for
     * {@code If-Match}.
     */
    public record Routes(
            Optional<RouteNode> tree,
            Optional<Origin> top,
            int fileRoutes,
            Optional<ReceiverStore.Routes> api,
            String etag) {}

    private record Snapshot(
            AlertingSettings file,
            ReceiverStore.State api,
            AlertingSettings merged,
            List<Receiver> apiReceivers,
            Instant readAt) {}

    private final ReceiverStore store;
    private final InstantSource clock;
    private volatile Snapshot snapshot;

    public AlertingConfig(ReceiverStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
        this.snapshot = new Snapshot(
                AlertingSettings.NONE,
                new ReceiverStore.State(List.of(), Optional.empty(), -1),
                AlertingSettings.NONE,
                List.of(),
                Instant.EPOCH);
    }

    /** The settings in force: file and API merged. */
    public AlertingSettings current() {
        return fresh().merged();
    }

    /**
     * Takes the file's settings (at start and at each reload). Refused with a {@link
     * ReceiverException} saying why, leaving the running settings as they were, when the API's
     * receivers and routes do not fit them.
     */
    public synchronized void useFile(AlertingSettings file) {
        ReceiverStore.State api = store.read();
        Merged m = mergeFile(file, api);
        snapshot = new Snapshot(file, api, m.settings(), m.apiReceivers(), clock.instant());
    }

    /** Whether {@link #useFile} would take {@code file}: throws as it would, changes nothing. */
    public void check(AlertingSettings file) {
        mergeFile(file, store.read());
    }

    private static Merged mergeFile(AlertingSettings file, ReceiverStore.State api) {
        try {
            return merge(file, api);
        } catch (ReceiverException e) {
            throw new ReceiverException(
                    ReceiverException.Kind.CONFLICT,
                    "the receivers and routes made through the API do not fit the file: " + e.getMessage(),
                    e.problems());
        }
    }

    // ---- receivers

    /** Every receiver, the file's first, then the API's by name. */
    public List<Entry> receivers() {
        Snapshot s = fresh();
        List<Entry> out = new ArrayList<>();
        s.file().receivers().forEach(r -> out.add(new Entry(r, Origin.FILE, Optional.empty())));
        for (Receiver r : s.apiReceivers()) {
            out.add(new Entry(r, Origin.API, s.api().receiver(r.name())));
        }
        return List.copyOf(out);
    }

    public Optional<Entry> receiver(String name) {
        return receivers().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Makes a receiver from its JSON (the file's keys); a name in use is a CONFLICT. */
    public Entry create(String json, String by) {
        Receiver r = AlertingReader.apiReceiver(json);
        String definition = normalized(json);
        Instant now = clock.instant();
        ReceiverStore.Row row = new ReceiverStore.Row(r.name(), definition, by, now, by, now);
        change((c, before) -> {
            if (before.receiver(r.name()).isPresent()) {
                throw conflict(
                        "a receiver named \"" + r.name() + "\" exists; change it with PUT or choose another name");
            }
            List<ReceiverStore.Row> rows = new ArrayList<>(before.receivers());
            rows.add(row);
            ReceiverStore.State next = new ReceiverStore.State(rows, before.routes(), before.version());
            mergeForApi(next, Optional.empty());
            ReceiverStore.insert(c, row);
            return null;
        });
        return receiver(r.name()).orElseThrow();
    }

    /**
     * Replaces an API receiver's definition. A secret left out (or sent back masked) keeps its stored
     * value as long as its channel still points where it did; a channel moved elsewhere needs its
     * secret again, so that a secret is never handed to a new address unawares.
     */
    public Entry replace(String name, String json, String by) {
        Receiver given = AlertingReader.apiReceiver(json);
        if (!given.name().equals(name)) {
            throw new ReceiverException(
                    ReceiverException.Kind.INVALID,
                    "the name in the body (\"" + given.name() + "\") is not the one in the address (\"" + name
                            + "\"); a receiver cannot be renamed: make a new one and delete this one",
                    List.of(new Problem(
                            dev.vitals.config.Location.unknown("body"), "name", "must be \"" + name + "\"")));
        }
        requireApi(name);
        Instant now = clock.instant();
        change((c, before) -> {
            ReceiverStore.Row old = before.receiver(name)
                    .orElseThrow(() -> new ReceiverException(
                            ReceiverException.Kind.NOT_FOUND, "no receiver named \"" + name + "\""));
            String definition = keepSecrets(old.definition(), normalized(json));
            AlertingReader.apiReceiver(definition);
            List<ReceiverStore.Row> rows = new ArrayList<>();
            for (ReceiverStore.Row r : before.receivers()) {
                rows.add(
                        r.name().equals(name)
                                ? new ReceiverStore.Row(name, definition, r.createdBy(), r.createdAt(), by, now)
                                : r);
            }
            mergeForApi(new ReceiverStore.State(rows, before.routes(), before.version()), Optional.empty());
            ReceiverStore.replace(c, name, definition, by, now);
            return null;
        });
        return receiver(name).orElseThrow();
    }

    /** Removes an API receiver; one a route still names is a CONFLICT. */
    public Entry delete(String name) {
        Entry gone = requireApi(name);
        change((c, before) -> {
            if (before.receiver(name).isEmpty()) {
                throw new ReceiverException(ReceiverException.Kind.NOT_FOUND, "no receiver named \"" + name + "\"");
            }
            List<ReceiverStore.Row> rows = before.receivers().stream()
                    .filter(r -> !r.name().equals(name))
                    .toList();
            try {
                merge(snapshot.file(), new ReceiverStore.State(rows, before.routes(), before.version()));
            } catch (ReceiverException e) {
                throw conflict("receiver \"" + name + "\" is named by the API's routes; change them first (PUT"
                        + " /api/v1/routes) and then delete it");
            }
            ReceiverStore.delete(c, name);
            return null;
        });
        return gone;
    }

    private Entry requireApi(String name) {
        Entry e = receiver(name)
                .orElseThrow(() ->
                        new ReceiverException(ReceiverException.Kind.NOT_FOUND, "no receiver named \"" + name + "\""));
        if (e.origin() == Origin.FILE) {
            throw conflict(
                    "receiver \"" + name
                            + "\" is defined in the configuration file; change it there (it cannot be changed through the API)");
        }
        return e;
    }

    // ---- routes

    public Routes routes() {
        Snapshot s = fresh();
        Optional<RouteNode> tree = s.merged().route();
        Optional<Origin> top = s.file().route().isPresent() ? Optional.of(Origin.FILE) : tree.map(t -> Origin.API);
        int fileRoutes = s.file().route().map(r -> r.routes().size()).orElse(0);
        return new Routes(tree, top, fileRoutes, s.api().routes(), etag(s.api().routes()));
    }

    /**
     * Sets the API's routes from JSON: only {@code routes} when the file has a top route, else a whole
     * top route. With {@code ifMatch}, refused as STALE unless it is the tag of the routes in force.
     */
    public Routes replaceRoutes(String json, Optional<String> ifMatch, String by) {
        String definition = normalized(json);
        Instant now = clock.instant();
        change((c, before) -> {
            checkTag(before, ifMatch);
            Optional<ReceiverStore.Routes> routes = Optional.of(new ReceiverStore.Routes(definition, by, now));
            mergeForApi(new ReceiverStore.State(before.receivers(), routes, before.version()), Optional.of(definition));
            ReceiverStore.routes(c, routes);
            return null;
        });
        return routes();
    }

    /** Removes the API's routes: the file's routing alone is in force again. */
    public Routes deleteRoutes(Optional<String> ifMatch) {
        change((c, before) -> {
            checkTag(before, ifMatch);
            ReceiverStore.routes(c, Optional.empty());
            return null;
        });
        return routes();
    }

    private static void checkTag(ReceiverStore.State before, Optional<String> ifMatch) {
        if (ifMatch.isPresent() && !ifMatch.get().equals("*") && !ifMatch.get().equals(etag(before.routes()))) {
            throw new ReceiverException(
                    ReceiverException.Kind.STALE,
                    "the routes were changed since you read them (If-Match " + ifMatch.get() + ", now "
                            + etag(before.routes()) + "); read them again and re-apply your change");
        }
    }

    /** A quoted tag of the API's routes, for ETag and If-Match. */
    static String etag(Optional<ReceiverStore.Routes> routes) {
        String text = routes.map(ReceiverStore.Routes::definition).orElse("");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(d, 0, 8) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- merging

    private record Merged(AlertingSettings settings, List<Receiver> apiReceivers) {}

    /**
     * Merges for a change through the API: the routes' own problems (when {@code routesSent}) are
     * INVALID with their paths; anything else that does not fit is a CONFLICT.
     */
    private void mergeForApi(ReceiverStore.State next, Optional<String> routesSent) {
        AlertingSettings file = snapshot.file();
        if (routesSent.isPresent()) {
            Set<String> names = new HashSet<>();
            file.receivers().forEach(r -> names.add(r.name()));
            next.receivers().forEach(r -> names.add(r.name()));
            AlertingReader.apiRoutes(routesSent.get(), file.route(), names);
        }
        try {
            merge(file, next);
        } catch (ReceiverException e) {
            throw conflict(e.getMessage());
        }
    }

    private static Merged merge(AlertingSettings file, ReceiverStore.State api) {
        Set<String> names = new HashSet<>();
        file.receivers().forEach(r -> names.add(r.name()));
        List<Receiver> mine = new ArrayList<>();
        for (ReceiverStore.Row row : api.receivers()) {
            Receiver r;
            try {
                r = AlertingReader.apiReceiver(row.definition());
            } catch (ReceiverException e) {
                throw new ReceiverException(
                        ReceiverException.Kind.CONFLICT,
                        "receiver \"" + row.name() + "\" in the database is not valid: " + e.getMessage());
            }
            if (!names.add(r.name())) {
                throw new ReceiverException(
                        ReceiverException.Kind.CONFLICT,
                        "receiver \"" + r.name() + "\" was made through the API and is in the configuration file"
                                + " too; delete it through the API or rename the file's");
            }
            mine.add(r);
        }
        Optional<RouteNode> route;
        if (api.routes().isPresent()) {
            try {
                route = Optional.of(AlertingReader.apiRoutes(api.routes().get().definition(), file.route(), names));
            } catch (ReceiverException e) {
                String where = e.problems().isEmpty() ? "" : e.problems().get(0).path() + ": ";
                throw new ReceiverException(
                        ReceiverException.Kind.CONFLICT,
                        "the routes made through the API do not fit: " + where + e.getMessage(),
                        e.problems());
            }
        } else {
            route = file.route();
        }
        List<Receiver> all = new ArrayList<>(file.receivers());
        all.addAll(mine);
        return new Merged(new AlertingSettings(all, route, file.integrations()), List.copyOf(mine));
    }

    // ---- keeping the copy fresh

    private void change(ReceiverStore.Change<Void> change) {
        store.change(change);
        refresh();
    }

    /** Re-reads the API's part now. */
    public void refresh() {
        ReceiverStore.State api = store.read();
        synchronized (this) {
            Snapshot s = snapshot;
            if (api.version() == s.api().version()) {
                snapshot = new Snapshot(s.file(), s.api(), s.merged(), s.apiReceivers(), clock.instant());
                return;
            }
            try {
                Merged m = merge(s.file(), api);
                snapshot = new Snapshot(s.file(), api, m.settings(), m.apiReceivers(), clock.instant());
            } catch (ReceiverException e) {
                // Another node's file may differ from this one's: keep what works here, and say so.
                LOG.warn(
                        "the receivers and routes made through the API do not fit this node's file; keeping the"
                                + " previous ones: {}",
                        e.getMessage());
                snapshot = new Snapshot(s.file(), api, s.merged(), s.apiReceivers(), clock.instant());
            }
        }
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        if (Duration.between(s.readAt(), clock.instant()).compareTo(REFRESH) < 0) {
            return s;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot re-read the receivers and routes made through the API; using the copy in memory: {}",
                    e.getMessage());
            return s;
        }
        return snapshot;
    }

    // ---- JSON

    private static ReceiverException conflict(String message) {
        return new ReceiverException(ReceiverException.Kind.CONFLICT, message);
    }

    private static String normalized(String json) {
        try {
            return JSON.readTree(json).toString();
        } catch (JsonProcessingException e) {
            throw new ReceiverException(ReceiverException.Kind.INVALID, "the body is not valid JSON");
        }
    }

    /** Where each channel keeps its secret, and what says where the channel points. */
    private record SecretPlace(String channel, List<String> secretPath, List<String> destinationPaths) {}

    private static final List<SecretPlace> SECRETS = List.of(
            new SecretPlace("webhook", List.of("secret"), List.of("url")),
            new SecretPlace("pagerduty", List.of("routing_key"), List.of("url")),
            new SecretPlace("email", List.of("smtp", "password"), List.of("smtp.host", "smtp.port", "smtp.username")));

    private static String keepSecrets(String stored, String given) {
        try {
            JsonNode old = JSON.readTree(stored);
            JsonNode body = JSON.readTree(given);
            if (!(body instanceof ObjectNode)) {
                return given;
            }
            for (SecretPlace p : SECRETS) {
                JsonNode was = old.path(p.channel());
                JsonNode now = body.path(p.channel());
                if (!(now instanceof ObjectNode) || !(was instanceof ObjectNode)) {
                    continue;
                }
                boolean same =
                        p.destinationPaths().stream().allMatch(d -> at(was, d).equals(at(now, d)));
                String key = p.secretPath().getLast();
                JsonNode holderWas = was;
                JsonNode holderNow = now;
                for (String part : p.secretPath().subList(0, p.secretPath().size() - 1)) {
                    holderWas = holderWas.path(part);
                    holderNow = holderNow.path(part);
                }
                JsonNode sent = holderNow.path(key);
                boolean keep = sent.isMissingNode()
                        || (sent.isTextual() && sent.asText().equals(MASK));
                if (keep && holderNow instanceof ObjectNode target) {
                    if (same && holderWas.has(key)) {
                        target.set(key, holderWas.get(key));
                    } else if (!sent.isMissingNode()) {
                        target.remove(key); // a mask is not a secret; the reader then asks for the real one
                    }
                }
            }
            return body.toString();
        } catch (JsonProcessingException e) {
            return given;
        }
    }

    private static JsonNode at(JsonNode node, String dotted) {
        JsonNode n = node;
        for (String part : dotted.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }
}

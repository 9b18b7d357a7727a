package dev.vitals.nodes;

import dev.vitals.Version;
import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/**
 * This node's heartbeat row in {@code nodes}. {@link #register()} finds the gap since any node was
 * last seen alive and records it in {@code gaps}; {@link #beat()} runs every {@link #PERIOD}; {@link
 * #stopped()} marks a clean stop. A node whose last heartbeat is older than three periods is dead.
 */
public final class Heartbeat {
    public static final Duration PERIOD = Duration.ofSeconds(5);

    /** Time when no node of Vitals was running. */
    public record Gap(Instant from, Instant to, String cause) {}

    private final Database db;
    private final InstantSource clock;
    private final String nodeId;

    public Heartbeat(Database db, InstantSource clock, String nodeId) {
        this.db = db;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** The id of the node that uses {@code dataDir}, made once and kept in the folder. */
    public static String nodeId(Path dataDir) {
        Path file = dataDir.resolve("node-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(dataDir);
            String id = "node-" + UUID.randomUUID().toString().substring(0, 8);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    /** Starts this node's heartbeat; returns the gap since Vitals last ran, if there was one. */
    public Optional<Gap> register() {
        return register(Optional.empty());
    }

    /**
     * As {@link #register()}, with other evidence that Vitals was running until {@code aliveUntil}
     * (its newest stored result): a node killed between two heartbeats still wrote results after the
     * last one, and the gap must not start before them.
     */
    public Optional<Gap> register(Optional<Instant> aliveUntil) {
        long now = clock.instant().toEpochMilli();
        long deadAfter = 3 * PERIOD.toMillis();
        return db.write(c -> {
            Optional<Long> lastAlive = Sql.one(
                    c,
                    "SELECT max(last_seen) FROM nodes WHERE node_id <> ?",
                    rs -> {
                        long v = rs.getLong(1);
                        return rs.wasNull() ? null : v;
                    },
                    nodeId);
            Optional<long[]> mine = Sql.one(
                    c,
                    "SELECT last_seen, stopped_at FROM nodes WHERE node_id = ?",
                    rs -> {
                        long lastSeen = rs.getLong(1);
                        long stopped = rs.getLong(2);
                        // wasNull() speaks of the column read last: stopped_at.
                        return new long[] {lastSeen, rs.wasNull() ? -1 : stopped};
                    },
                    nodeId);
            Sql.update(
                    c,
                    "INSERT INTO nodes (node_id, started_at, last_seen, version) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (node_id) DO UPDATE SET started_at = excluded.started_at, last_seen = excluded.last_seen, stopped_at = NULL, version = excluded.version",
                    nodeId,
                    now,
                    now,
                    Version.current());
            long last = Math.max(
                    lastAlive.orElse(Long.MIN_VALUE), mine.map(m -> m[0]).orElse(Long.MIN_VALUE));
            if (last != Long.MIN_VALUE && aliveUntil.isPresent()) {
                last = Math.max(last, Math.min(now, aliveUntil.get().toEpochMilli()));
            }
            if (last == Long.MIN_VALUE) {
                return Optional.<Gap>empty(); // first start ever
            }
            if (lastAlive.isPresent() && lastAlive.get() > now - deadAfter) {
                return Optional.<Gap>empty(); // another node was running meanwhile
            }
            if (last >= now) {
                return Optional.<Gap>empty();
            }
            String cause = mine.isPresent() && mine.get()[1] >= 0 ? "stopped" : "crashed or killed";
            Sql.update(c, "INSERT INTO gaps (from_at, to_at, cause) VALUES (?, ?, ?)", last, now, cause);
            return Optional.of(new Gap(Instant.ofEpochMilli(last), Instant.ofEpochMilli(now), cause));
        });
    }

    public void beat() {
        long now = clock.instant().toEpochMilli();
        db.write(c -> Sql.update(c, "UPDATE nodes SET last_seen = ? WHERE node_id = ?", now, nodeId));
    }

    public void stopped() {
        long now = clock.instant().toEpochMilli();
        db.write(c ->
                Sql.update(c, "UPDATE nodes SET last_seen = ?, stopped_at = ? WHERE node_id = ?", now, now, nodeId));
    }
}

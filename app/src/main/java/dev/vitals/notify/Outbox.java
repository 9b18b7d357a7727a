package dev.vitals.notify;

import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification outbox: the rows of {@code notifications} and {@code notification_attempts}.
 *
 * <p>A notification goes {@code pending} → {@code sending} (claimed) → {@code sent}, or back to
 * {@code pending} with a later {@code due_at} (retry), or {@code failed} (refused for good, or still
 * not sent a day after it was written). Claiming is a conditional {@code UPDATE} (after {@code FOR
 * UPDATE SKIP LOCKED} on PostgreSQL; SQLite has one writer at a time): two nodes never claim the
 * same row. A claim is a lease: when a node dies while sending, its claims run out and another node
 * takes them. Every outcome is accepted only from the holder of the current claim, in the same
 * transaction that keeps the attempt; a crash before that transaction commits means the attempt is
 * made again (at least once), and a notification recorded as sent is never claimed again.
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final String COLUMNS = "nid, idempotency_key, receiver, channel, alert_key, event, payload,"
            + " created_at, due_at, attempts, state, claimed_by, claimed_until, sent_at, last_error";
    /** Claimable: due and waiting, or claimed by a node whose lease ran out (it died while sending). */
    private static final String CLAIMABLE =
            "((state = 'pending' AND due_at <= ?) OR (state = 'sending' AND claimed_until <= ?))";

    /** When an attempt started and ended, and how long it took (measured, not from the clock). */
    public record Timing(Instant startedAt, Instant finishedAt, Duration took) {}

    private final Database db;
    private final InstantSource clock;
    private final Backoff backoff;

    public Outbox(Database db, InstantSource clock, Backoff backoff) {
        this.db = db;
        this.clock = clock;
        this.backoff = backoff;
    }

    /**
     * Writes {@code n} in the caller's transaction, so that it is sent exactly when the change that
     * caused it commits. Returns the notification's id; when its idempotency key is already there,
     * nothing is written and the id of the existing one is returned.
     */
    public String enqueue(Connection c, NewNotification n) throws SQLException {
        long now = clock.instant().toEpochMilli();
        Sql.update(
                c,
                "INSERT INTO notifications (nid, idempotency_key, receiver, channel, alert_key, event, payload,"
                        + " created_at, due_at, attempts, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'pending')"
                        + " ON CONFLICT (idempotency_key) DO NOTHING",
                UUID.randomUUID().toString(),
                n.idempotencyKey(),
                n.receiver(),
                n.channel(),
                n.alertKey(),
                n.event().word(),
                n.payload(),
                now,
                n.dueAt().toEpochMilli());
        return Sql.one(
                        c,
                        "SELECT nid FROM notifications WHERE idempotency_key = ?",
                        rs -> rs.getString(1),
                        n.idempotencyKey())
                .orElseThrow();
    }

    /** {@link #enqueue(Connection, NewNotification)} in a transaction of its own. */
    public String enqueue(NewNotification n) {
        return db.write(c -> enqueue(c, n));
    }

    /** Claims up to {@code limit} due notifications for {@code node} until {@code now + lease}. */
    public List<Claimed> claim(String node, Instant now, int limit, Duration lease) {
        return claim(node, now, limit, lease, Set.of());
    }

    /**
     * As {@link #claim(String, Instant, int, Duration)}, leaving out the notifications of {@code
     * skipReceivers} (whose lanes are full: claiming theirs would only crowd out the others).
     */
    public List<Claimed> claim(String node, Instant now, int limit, Duration lease, Set<String> skipReceivers) {
        long at = now.toEpochMilli();
        long until = now.plus(lease).toEpochMilli();
        List<Object> params = new ArrayList<>(List.of(at, at));
        StringBuilder skip = new StringBuilder();
        if (!skipReceivers.isEmpty()) {
            skip.append(" AND receiver NOT IN (")
                    .append(String.join(", ", Collections.nCopies(skipReceivers.size(), "?")))
                    .append(')');
            params.addAll(skipReceivers);
        }
        params.add(limit);
        return db.write(c -> {
            List<String> candidates = Sql.list(
                    c,
                    "SELECT nid FROM notifications WHERE " + CLAIMABLE + skip + " ORDER BY due_at, nid LIMIT ?"
                            + db.dialect().skipLocked(),
                    rs -> rs.getString(1),
                    params.toArray());
            List<Claimed> claimed = new ArrayList<>();
            for (String nid : candidates) {
                // The condition again: on PostgreSQL a row may have changed since the snapshot of the SELECT.
                int won = Sql.update(
                        c,
                        "UPDATE notifications SET state = 'sending', claimed_by = ?, claimed_until = ? WHERE nid = ? AND "
                                + CLAIMABLE,
                        node,
                        until,
                        nid,
                        at,
                        at);
                if (won == 1) {
                    claimed.add(
                            Sql.one(c, "SELECT " + COLUMNS + " FROM notifications WHERE nid = ?", Outbox::claimed, nid)
                                    .orElseThrow());
                }
            }
            return claimed;
        });
    }

    /** Records what {@code delivery} says about the attempt; false when the claim was lost meanwhile. */
    public boolean record(Claimed n, Delivery delivery, Timing timing) {
        return switch (delivery) {
            case Delivery.Sent s -> sent(n, timing, s.status());
            case Delivery.Retry r -> retry(n, timing, r.why(), r.retryAfter(), r.status());
            case Delivery.Failed f -> failed(n, timing, f.why(), f.status());
        };
    }

    /** The receiver took it: sent, never to be claimed again. */
    public boolean sent(Claimed n, Timing timing, Optional<Integer> status) {
        return finish(
                n,
                timing,
                "sent",
                status,
                Optional.empty(),
                c -> Sql.update(
                        c,
                        "UPDATE notifications SET state = 'sent', attempts = attempts + 1, sent_at = ?, claimed_by = NULL,"
                                + " claimed_until = NULL, last_error = NULL WHERE nid = ?",
                        timing.finishedAt().toEpochMilli(),
                        n.nid()));
    }

    /**
     * A passing trouble: due again after the backoff (or the receiver's {@code Retry-After}, if
     * longer), or failed when the notification is a day old.
     */
    public boolean retry(
            Claimed n, Timing timing, String why, Optional<Duration> retryAfter, Optional<Integer> status) {
        Optional<Instant> due = backoff.next(n.createdAt(), timing.finishedAt(), n.attempts() + 1, retryAfter);
        if (due.isEmpty()) {
            String gaveUp = why + "; gave up " + backoff.giveUpAfter().toHours() + " h after it was written";
            return failed(n, timing, gaveUp, status);
        }
        return finish(
                n,
                timing,
                "retry",
                status,
                Optional.of(why),
                c -> Sql.update(
                        c,
                        "UPDATE notifications SET state = 'pending', attempts = attempts + 1, due_at = ?, claimed_by = NULL,"
                                + " claimed_until = NULL, last_error = ? WHERE nid = ?",
                        due.get().toEpochMilli(),
                        why,
                        n.nid()));
    }

    /** Refused for good (or given up): failed, never to be claimed again. */
    public boolean failed(Claimed n, Timing timing, String why, Optional<Integer> status) {
        return finish(
                n,
                timing,
                "failed",
                status,
                Optional.of(why),
                c -> Sql.update(
                        c,
                        "UPDATE notifications SET state = 'failed', attempts = attempts + 1, claimed_by = NULL,"
                                + " claimed_until = NULL, last_error = ? WHERE nid = ?",
                        why,
                        n.nid()));
    }

    /**
     * Gives back every claim {@code node} holds, due at once: called when the node starts, since
     * claims of its previous run died with it (a {@code kill -9}); waiting for their leases to run
     * out would hold those notifications for minutes. A send that was under way at the crash but not
     * recorded is made again (at least once); one recorded as sent is never touched.
     */
    public int releaseAll(String node) {
        return db.write(c -> Sql.update(
                c,
                "UPDATE notifications SET state = 'pending', claimed_by = NULL, claimed_until = NULL"
                        + " WHERE state = 'sending' AND claimed_by = ?",
                node));
    }

    /** Gives a claimed notification back unsent (no attempt was made), due at once. */
    public boolean release(Claimed n) {
        return db.write(c -> Sql.update(
                        c,
                        "UPDATE notifications SET state = 'pending', claimed_by = NULL, claimed_until = NULL"
                                + " WHERE nid = ? AND state = 'sending' AND claimed_by = ? AND claimed_until = ?",
                        n.nid(),
                        n.node(),
                        n.until().toEpochMilli())
                == 1);
    }

    /**
     * Keeps the attempt, and applies {@code change} if {@code n}'s claim is still the row's. The
     * attempt is kept either way: it was made, even if another node took the notification meanwhile.
     */
    private boolean finish(
            Claimed n,
            Timing timing,
            String outcome,
            Optional<Integer> status,
            Optional<String> error,
            Sql.Work<Integer> change) {
        boolean held = db.write(c -> {
            // Lock the row first, so that attempt numbers of one notification never race.
            boolean holds = Sql.one(
                            c,
                            "SELECT state, claimed_by, claimed_until FROM notifications WHERE nid = ?"
                                    + db.dialect().lockRows(true),
                            rs -> "sending".equals(rs.getString(1))
                                    && n.node().equals(rs.getString(2))
                                    && Sql.optionalLong(rs, "claimed_until")
                                            .filter(u -> u == n.until().toEpochMilli())
                                            .isPresent(),
                            n.nid())
                    .orElse(false);
            int number = Sql.one(
                            c,
                            "SELECT coalesce(max(attempt), 0) + 1 FROM notification_attempts WHERE nid = ?",
                            rs -> rs.getInt(1),
                            n.nid())
                    .orElse(1);
            Sql.update(
                    c,
                    "INSERT INTO notification_attempts (nid, attempt, started_at, finished_at, outcome, http_status,"
                            + " error, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    n.nid(),
                    number,
                    timing.startedAt().toEpochMilli(),
                    timing.finishedAt().toEpochMilli(),
                    outcome,
                    status,
                    error,
                    timing.took().toMillis());
            if (holds) {
                change.apply(c);
            }
            return holds;
        });
        if (!held) {
            LOG.warn(
                    "notification {} to {}: its claim ran out before the outcome ({}) was recorded; the attempt is"
                            + " kept, the notification is left to the node that holds it now",
                    n.nid(),
                    n.receiver(),
                    outcome);
        }
        return held;
    }

    /** Every receiver that has a notification, by name: the choices of the console's history. */
    public List<String> receivers() {
        return db.read(c ->
                Sql.list(c, "SELECT DISTINCT receiver FROM notifications ORDER BY receiver", rs -> rs.getString(1)));
    }

    /** One notification with its attempts. */
    public Optional<Notification> find(String nid) {
        return db.read(c -> {
            Optional<Notification> row = Sql.one(
                    c, "SELECT " + COLUMNS + " FROM notifications WHERE nid = ?", rs -> row(rs, List.of()), nid);
            return row.isEmpty() ? row : Optional.of(withAttempts(c, row.get()));
        });
    }

    /** The newest {@code limit} notifications of {@code receiver}, newest first, each with its attempts. */
    public List<Notification> history(String receiver, int limit) {
        return db.read(c -> {
            List<Notification> rows = Sql.list(
                    c,
                    "SELECT " + COLUMNS + " FROM notifications WHERE receiver = ? ORDER BY created_at DESC, nid DESC"
                            + " LIMIT ?",
                    rs -> row(rs, List.of()),
                    receiver,
                    limit);
            List<Notification> out = new ArrayList<>(rows.size());
            for (Notification n : rows) {
                out.add(withAttempts(c, n));
            }
            return out;
        });
    }

    /**
     * The newest {@code limit} notifications, newest first, each with its attempts: of one receiver
     * and in one state ({@code pending}, {@code sending}, {@code sent}, {@code failed}) when given.
     */
    public List<Notification> recent(Optional<String> receiver, Optional<String> state, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        receiver.ifPresent(r -> {
            where.append(" AND receiver = ?");
            params.add(r);
        });
        state.ifPresent(s -> {
            where.append(" AND state = ?");
            params.add(s);
        });
        params.add(limit);
        return db.read(c -> {
            List<Notification> rows = Sql.list(
                    c,
                    "SELECT " + COLUMNS + " FROM notifications" + where + " ORDER BY created_at DESC, nid DESC LIMIT ?",
                    rs -> row(rs, List.of()),
                    params.toArray());
            List<Notification> out = new ArrayList<>(rows.size());
            for (Notification n : rows) {
                out.add(withAttempts(c, n));
            }
            return out;
        });
    }

    private static Notification withAttempts(Connection c, Notification n) throws SQLException {
        List<Attempt> attempts = Sql.list(
                c,
                "SELECT attempt, started_at, finished_at, outcome, http_status, error, duration_ms"
                        + " FROM notification_attempts WHERE nid = ? ORDER BY attempt",
                rs -> new Attempt(
                        rs.getInt("attempt"),
                        Instant.ofEpochMilli(rs.getLong("started_at")),
                        Instant.ofEpochMilli(rs.getLong("finished_at")),
                        rs.getString("outcome"),
                        Sql.optionalLong(rs, "http_status").map(Long::intValue),
                        Optional.ofNullable(rs.getString("error")),
                        Duration.ofMillis(rs.getLong("duration_ms"))),
                n.nid());
        return new Notification(
                n.nid(),
                n.idempotencyKey(),
                n.receiver(),
                n.channel(),
                n.alertKey(),
                n.event(),
                n.payload(),
                n.createdAt(),
                n.dueAt(),
                n.attempts(),
                n.state(),
                n.claimedBy(),
                n.claimedUntil(),
                n.sentAt(),
                n.lastError(),
                attempts);
    }

    private static Notification row(ResultSet rs, List<Attempt> attempts) throws SQLException {
        return new Notification(
                rs.getString("nid"),
                rs.getString("idempotency_key"),
                rs.getString("receiver"),
                rs.getString("channel"),
                rs.getString("alert_key"),
                Event.of(rs.getString("event")),
                rs.getString("payload"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("due_at")),
                rs.getInt("attempts"),
                rs.getString("state"),
                Optional.ofNullable(rs.getString("claimed_by")),
                Sql.optionalLong(rs, "claimed_until").map(Instant::ofEpochMilli),
                Sql.optionalLong(rs, "sent_at").map(Instant::ofEpochMilli),
                Optional.ofNullable(rs.getString("last_error")),
                attempts);
    }

    private static Claimed claimed(ResultSet rs) throws SQLException {
        return new Claimed(
                rs.getString("nid"),
                rs.getString("receiver"),
                rs.getString("channel"),
                rs.getString("alert_key"),
                Event.of(rs.getString("event")),
                rs.getString("payload"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getInt("attempts"),
                rs.getString("claimed_by"),
                Instant.ofEpochMilli(rs.getLong("claimed_until")));
    }
}

package dev.vitals.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of alerts, their groups and what was sent of them (tables {@code alerts}, {@code
 * alert_groups}, {@code alert_group_members}, {@code alert_sends}). Methods that take a connection
 * work inside the caller's transaction, so that a stage's change and what it causes commit together.
 */
public final class AlertStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
    private static final TypeReference<List<AlertRow.RouteTaken>> ROUTES = new TypeReference<>() {};
    private static final String ALERT_COLUMNS = "aid, alert_key, source, monitor_id, labels, annotations, status,"
            + " starts_at, ends_at, updated_at, muted_by, link, routes";
    private static final String GROUP_COLUMNS = "gid, receiver, route, group_labels, group_wait_ms, group_interval_ms,"
            + " repeat_interval_ms, created_at, due_at, last_sent_at, sent_firing, seq";

    private final Database db;

    public AlertStore(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    // Alerts.

    Optional<AlertRow> firing(Connection c, AlertKey key) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + ALERT_COLUMNS + " FROM alerts WHERE alert_key = ? AND status = 'firing'",
                AlertStore::alert,
                key.value());
    }

    void insert(Connection c, AlertRow a) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO alerts (" + ALERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?, ?, ?)",
                a.aid(),
                a.key().value(),
                a.source(),
                a.monitorId(),
                write(a.labels()),
                write(a.annotations()),
                a.startsAt().toEpochMilli(),
                a.endsAt().map(Instant::toEpochMilli),
                a.updatedAt().toEpochMilli(),
                a.mutedBy(),
                a.link(),
                write(a.routes()));
    }

    /** A firing alert sent again: newer labels, annotations, link and expiry. */
    void refresh(Connection c, String aid, NewAlert n, Instant now) throws SQLException {
        Sql.update(
                c,
                "UPDATE alerts SET labels = ?, annotations = ?, ends_at = ?, link = ?, updated_at = ? WHERE aid = ?",
                write(n.labels()),
                write(n.annotations()),
                n.expiresAt().map(Instant::toEpochMilli),
                n.link(),
                now.toEpochMilli(),
                aid);
    }

    /** Resolves a firing alert; false when it was not firing (resolved already, by another node perhaps). */
    boolean resolve(Connection c, String aid, Instant endsAt, Instant now) throws SQLException {
        return Sql.update(
                        c,
                        "UPDATE alerts SET status = 'resolved', ends_at = ?, updated_at = ?, muted_by = NULL"
                                + " WHERE aid = ? AND status = 'firing'",
                        endsAt.toEpochMilli(),
                        now.toEpochMilli(),
                        aid)
                == 1;
    }

    void muted(Connection c, String aid, Optional<String> why) throws SQLException {
        Sql.update(c, "UPDATE alerts SET muted_by = ? WHERE aid = ?", why, aid);
    }

    /** Firing alerts whose expiry has passed: not sent again in time, so resolved. */
    List<AlertRow> expired(Connection c, Instant now) throws SQLException {
        return Sql.list(
                c,
                "SELECT " + ALERT_COLUMNS + " FROM alerts WHERE status = 'firing' AND ends_at IS NOT NULL"
                        + " AND ends_at <= ? ORDER BY ends_at LIMIT 1000",
                AlertStore::alert,
                now.toEpochMilli());
    }

    /** The firing alerts of monitors, by monitor id. */
    public List<AlertRow> firingOfMonitors() {
        return db.read(c -> Sql.list(
                c,
                "SELECT " + ALERT_COLUMNS + " FROM alerts WHERE status = 'firing' AND monitor_id IS NOT NULL",
                AlertStore::alert));
    }

    public Optional<AlertRow> find(String aid) {
        return db.read(
                c -> Sql.one(c, "SELECT " + ALERT_COLUMNS + " FROM alerts WHERE aid = ?", AlertStore::alert, aid));
    }

    /**
     * Alerts newest first: {@code firing} (notified or not), {@code suppressed} (firing but muted),
     * {@code resolved}, or all when {@code state} is empty.
     */
    public List<AlertRow> list(Optional<String> state, int limit) {
        String where = switch (state.orElse("")) {
            case "firing" -> " WHERE status = 'firing'";
            case "suppressed" -> " WHERE status = 'firing' AND muted_by IS NOT NULL";
            case "resolved" -> " WHERE status = 'resolved'";
            default -> "";
        };
        return db.read(c -> Sql.list(
                c,
                "SELECT " + ALERT_COLUMNS + " FROM alerts" + where + " ORDER BY starts_at DESC, aid LIMIT ?",
                AlertStore::alert,
                limit));
    }

    /**
     * One page of alerts for the console, firing before resolved and newest first within each. Here
     * {@code firing} means firing and notified (not muted), unlike {@link #list}: the console's tabs
     * split the alerts so that each shows in one tab only.
     */
    public List<AlertRow> page(Optional<String> state, int offset, int limit) {
        return db.read(c -> Sql.list(
                c,
                "SELECT " + ALERT_COLUMNS + " FROM alerts" + tab(state)
                        + " ORDER BY CASE WHEN status = 'firing' THEN 0 ELSE 1 END, starts_at DESC, aid LIMIT ? OFFSET ?",
                AlertStore::alert,
                limit,
                offset));
    }

    /** How many alerts each of the console's tabs holds: {@code firing}, {@code suppressed}, {@code resolved}. */
    public Map<String, Long> tabs() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String t : List.of("firing", "suppressed", "resolved")) {
            out.put(
                    t,
                    db.read(c -> Sql.one(c, "SELECT count(*) FROM alerts" + tab(Optional.of(t)), rs -> rs.getLong(1))
                            .orElse(0L)));
        }
        return out;
    }

    private static String tab(Optional<String> state) {
        return switch (state.orElse("")) {
            case "firing" -> " WHERE status = 'firing' AND muted_by IS NULL";
            case "suppressed" -> " WHERE status = 'firing' AND muted_by IS NOT NULL";
            case "resolved" -> " WHERE status = 'resolved'";
            default -> "";
        };
    }

    /** The alerts each of these notifications told of (nid to alert ids), for the notification history. */
    public Map<String, List<String>> toldIn(java.util.Collection<String> nids) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        if (nids.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(nids.size(), "?"));
        db.read(c -> Sql.list(
                        c,
                        "SELECT nid, aid FROM alert_sends WHERE nid IN (" + marks + ") ORDER BY aid",
                        rs -> Map.entry(rs.getString(1), rs.getString(2)),
                        nids.toArray()))
                .forEach(e ->
                        out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    // Groups.

    /** Adds the group if it is new; returns it as stored. */
    Group group(Connection c, Group fresh) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO alert_groups (" + GROUP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, '[]', 0)"
                        + " ON CONFLICT (gid) DO NOTHING",
                fresh.gid(),
                fresh.receiver(),
                fresh.route(),
                write(fresh.groupLabels()),
                fresh.timings().groupWait().toMillis(),
                fresh.timings().groupInterval().toMillis(),
                fresh.timings().repeatInterval().toMillis(),
                fresh.createdAt().toEpochMilli());
        return Sql.one(
                        c,
                        "SELECT " + GROUP_COLUMNS + " FROM alert_groups WHERE gid = ?",
                        AlertStore::group,
                        fresh.gid())
                .orElseThrow();
    }

    /** The group locked for this transaction, if it is due at {@code now} (another node may have taken it). */
    Optional<Group> lockDue(Connection c, String gid, Instant now) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + GROUP_COLUMNS + " FROM alert_groups WHERE gid = ? AND due_at IS NOT NULL AND due_at <= ?"
                        + db.dialect().lockRows(true),
                AlertStore::group,
                gid,
                now.toEpochMilli());
    }

    /** Ids of groups due at {@code now}, soonest first. */
    List<String> due(Instant now, int limit) {
        return db.read(c -> Sql.list(
                c,
                "SELECT gid FROM alert_groups WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
                rs -> rs.getString(1),
                now.toEpochMilli(),
                limit));
    }

    /** The soonest due time of any group. */
    Optional<Instant> nextDue() {
        return db.read(c -> Sql.one(
                        c,
                        "SELECT min(due_at) AS next_due FROM alert_groups WHERE due_at IS NOT NULL",
                        rs -> Sql.optionalLong(rs, "next_due"))
                .flatMap(o -> o)
                .map(Instant::ofEpochMilli));
    }

    void due(Connection c, String gid, Optional<Instant> at) throws SQLException {
        Sql.update(c, "UPDATE alert_groups SET due_at = ? WHERE gid = ?", at.map(Instant::toEpochMilli), gid);
    }

    void sent(Connection c, String gid, Instant at, List<String> firing, int seq) throws SQLException {
        Sql.update(
                c,
                "UPDATE alert_groups SET last_sent_at = ?, sent_firing = ?, seq = ? WHERE gid = ?",
                at.toEpochMilli(),
                write(firing),
                seq,
                gid);
    }

    void quiet(Connection c, String gid) throws SQLException {
        Sql.update(c, "UPDATE alert_groups SET sent_firing = '[]' WHERE gid = ?", gid);
    }

    /**
     * Makes every group with a muted firing alert due now: something that mutes may have ended (a
     * parent recovered, a silence was expired), so the muted alerts are asked about again.
     */
    int recheckMuted(Instant now) {
        long at = now.toEpochMilli();
        return db.write(c -> Sql.update(
                c,
                "UPDATE alert_groups SET due_at = ? WHERE (due_at IS NULL OR due_at > ?) AND gid IN (SELECT m.gid"
                        + " FROM alert_group_members m JOIN alerts a ON a.aid = m.aid WHERE m.done = 0"
                        + " AND a.status = 'firing' AND a.muted_by IS NOT NULL)",
                at,
                at));
    }

    // Members.

    void join(Connection c, String gid, String aid) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO alert_group_members (gid, aid, told_firing, done) VALUES (?, ?, 0, 0)"
                        + " ON CONFLICT (gid, aid) DO NOTHING",
                gid,
                aid);
    }

    /** Whether the group has members still in play (firing, or resolved and not yet told so). */
    boolean active(Connection c, String gid) throws SQLException {
        return Sql.one(
                                c,
                                "SELECT count(*) FROM alert_group_members WHERE gid = ? AND done = 0",
                                rs -> rs.getLong(1),
                                gid)
                        .orElse(0L)
                > 0;
    }

    List<Group.Member> members(Connection c, String gid) throws SQLException {
        return Sql.list(
                c,
                "SELECT " + prefixed("a") + ", m.told_firing FROM alert_group_members m JOIN alerts a ON a.aid = m.aid"
                        + " WHERE m.gid = ? AND m.done = 0 ORDER BY a.starts_at, a.aid",
                rs -> new Group.Member(alert(rs), rs.getInt("told_firing") == 1),
                gid);
    }

    /** The groups an alert is in, with whether each was told it fires (and is not done with it). */
    List<Membership> memberships(Connection c, String aid) throws SQLException {
        return Sql.list(
                c,
                "SELECT " + GROUP_COLUMNS.replace("gid,", "g.gid,")
                        + ", m.told_firing, m.done FROM alert_group_members m JOIN alert_groups g ON g.gid = m.gid"
                        + " WHERE m.aid = ?",
                rs -> new Membership(group(rs), rs.getInt("told_firing") == 1, rs.getInt("done") == 1),
                aid);
    }

    public List<Membership> memberships(String aid) {
        return db.read(c -> memberships(c, aid));
    }

    /** An alert's place in one group. */
    public record Membership(Group group, boolean toldFiring, boolean done) {}

    void told(Connection c, String gid, String aid) throws SQLException {
        Sql.update(c, "UPDATE alert_group_members SET told_firing = 1 WHERE gid = ? AND aid = ?", gid, aid);
    }

    void done(Connection c, String gid, String aid) throws SQLException {
        Sql.update(c, "UPDATE alert_group_members SET done = 1 WHERE gid = ? AND aid = ?", gid, aid);
    }

    // What was sent.

    void sentOf(Connection c, String aid, String nid, String event) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO alert_sends (aid, nid, event) VALUES (?, ?, ?) ON CONFLICT (aid, nid) DO NOTHING",
                aid,
                nid,
                event);
    }

    /** The notifications that told of an alert: (nid, event), oldest first. */
    public List<Map.Entry<String, String>> sends(String aid) {
        return db.read(c -> Sql.list(
                c,
                "SELECT s.nid, s.event FROM alert_sends s JOIN notifications n ON n.nid = s.nid WHERE s.aid = ?"
                        + " ORDER BY n.created_at, s.nid",
                rs -> Map.entry(rs.getString(1), rs.getString(2)),
                aid));
    }

    private static String prefixed(String alias) {
        StringBuilder b = new StringBuilder();
        for (String col : ALERT_COLUMNS.split(",\\s*")) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(alias).append('.').append(col);
        }
        return b.toString();
    }

    private static AlertRow alert(ResultSet rs) throws SQLException {
        return new AlertRow(
                rs.getString("aid"),
                new AlertKey(rs.getString("alert_key")),
                rs.getString("source"),
                Optional.ofNullable(rs.getString("monitor_id")),
                read(rs.getString("labels"), MAP),
                read(rs.getString("annotations"), MAP),
                "firing".equals(rs.getString("status")),
                Instant.ofEpochMilli(rs.getLong("starts_at")),
                Sql.optionalLong(rs, "ends_at").map(Instant::ofEpochMilli),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                Optional.ofNullable(rs.getString("muted_by")),
                Optional.ofNullable(rs.getString("link")),
                read(rs.getString("routes"), ROUTES));
    }

    private static Group group(ResultSet rs) throws SQLException {
        return new Group(
                rs.getString("gid"),
                rs.getString("receiver"),
                rs.getString("route"),
                read(rs.getString("group_labels"), MAP),
                new RouteNode.Timings(
                        Duration.ofMillis(rs.getLong("group_wait_ms")),
                        Duration.ofMillis(rs.getLong("group_interval_ms")),
                        Duration.ofMillis(rs.getLong("repeat_interval_ms"))),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Sql.optionalLong(rs, "due_at").map(Instant::ofEpochMilli),
                Sql.optionalLong(rs, "last_sent_at").map(Instant::ofEpochMilli),
                read(rs.getString("sent_firing"), LIST),
                rs.getInt("seq"));
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new AlertingException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new AlertingException("a stored alert column is not the JSON Vitals wrote", e);
        }
    }

    static List<String> sortedIds(List<AlertRow> alerts) {
        List<String> ids = new ArrayList<>(alerts.stream().map(AlertRow::aid).toList());
        ids.sort(null);
        return ids;
    }
}

package dev.vitals.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.store.Database;
import dev.vitals.store.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The rows of accounts: users and their teams, API tokens, sessions and the audit log. Every method
 * is one short transaction; nothing is cached, so that every node of a cluster sees a revoked token
 * or a signed-out session at once.
 */
public final class AccountStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_COLUMNS =
            "uid, name, role, password_hash, must_change, totp_secret, oidc_subject, disabled, created_at, last_login_at";

    private final Database db;

    public AccountStore(Database db) {
        this.db = db;
    }

    // ---- users

    public User addUser(
            String name,
            Role role,
            Collection<String> teams,
            Optional<String> passwordHash,
            boolean mustChange,
            Instant now) {
        return db.write(c -> {
            Sql.update(
                    c,
                    "INSERT INTO users (name, role, password_hash, must_change, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    name,
                    role.word(),
                    passwordHash,
                    mustChange,
                    now.toEpochMilli(),
                    now.toEpochMilli());
            long uid = Sql.one(c, "SELECT uid FROM users WHERE name = ?", rs -> rs.getLong(1), name)
                    .orElseThrow();
            setTeams(c, uid, teams, now);
            return userWhere(c, "uid = ?", uid).orElseThrow();
        });
    }

    public Optional<User> user(String name) {
        return db.read(c -> userWhere(c, "name = ?", name));
    }

    public Optional<User> user(long uid) {
        return db.read(c -> userWhere(c, "uid = ?", uid));
    }

    public Optional<User> userByOidcSubject(String subject) {
        return db.read(c -> userWhere(c, "oidc_subject = ?", subject));
    }

    public List<User> users() {
        return db.read(c -> {
            List<User> out = new ArrayList<>();
            for (long uid : Sql.list(c, "SELECT uid FROM users ORDER BY name", rs -> rs.getLong(1))) {
                userWhere(c, "uid = ?", uid).ifPresent(out::add);
            }
            return out;
        });
    }

    public long activeAdmins() {
        return db.read(c -> Sql.one(
                        c,
                        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = ?",
                        rs -> rs.getLong(1),
                        false)
                .orElse(0L));
    }

    /**
     * Changes a user's role, teams and disabled flag; refused with {@link AccountException} when no
     * active admin would be left. The check and the change are one transaction, with the admins' rows
     * locked, so that two admins demoting each other at once cannot both succeed.
     */
    public void updateUser(long uid, Role role, Collection<String> teams, boolean disabled, Instant now) {
        db.write(c -> {
            int admins = lockAdmins(c);
            Sql.update(
                    c,
                    "UPDATE users SET role = ?, disabled = ?, updated_at = ? WHERE uid = ?",
                    role.word(),
                    disabled,
                    now.toEpochMilli(),
                    uid);
            requireAnAdmin(c, admins);
            setTeams(c, uid, teams, now);
            if (disabled) {
                Sql.update(c, "DELETE FROM sessions WHERE uid = ?", uid);
            }
            return null;
        });
    }

    /** Locks the active admins' rows and says how many there are. */
    private int lockAdmins(Connection c) throws SQLException {
        // PostgreSQL: FOR UPDATE; SQLite takes the one write lock at the first write, which follows.
        return Sql.list(
                        c,
                        "SELECT uid FROM users WHERE role = 'admin' AND disabled = ?"
                                + db.dialect().lockRows(true),
                        rs -> rs.getLong(1),
                        false)
                .size();
    }

    /** Refuses a change that leaves no active admin where there was one (a fresh instance has none). */
    private static void requireAnAdmin(Connection c, int before) throws SQLException {
        if (before == 0) {
            return;
        }
        long admins = Sql.one(
                        c,
                        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = ?",
                        rs -> rs.getLong(1),
                        false)
                .orElse(0L);
        if (admins == 0) {
            // Thrown inside the transaction: the change is rolled back.
            throw AccountException.conflict("this is the last admin; make another admin first");
        }
    }

    /** Sets a new password and signs out every session but {@code keepSession}. */
    public void setPassword(long uid, String hash, boolean mustChange, Optional<String> keepSession, Instant now) {
        db.write(c -> {
            Sql.update(
                    c,
                    "UPDATE users SET password_hash = ?, must_change = ?, updated_at = ? WHERE uid = ?",
                    hash,
                    mustChange,
                    now.toEpochMilli(),
                    uid);
            Sql.update(c, "DELETE FROM sessions WHERE uid = ? AND hash <> ?", uid, keepSession.orElse(""));
            return null;
        });
    }

    /** Sets (or with empty, removes) the second factor; the record of used codes starts afresh. */
    public void setTotp(long uid, Optional<String> secret, OptionalLong usedStep, Instant now) {
        Optional<Long> step = usedStep.isPresent() ? Optional.of(usedStep.getAsLong()) : Optional.empty();
        db.write(c -> Sql.update(
                c,
                "UPDATE users SET totp_secret = ?, totp_last_step = ?, updated_at = ? WHERE uid = ?",
                secret,
                step,
                now.toEpochMilli(),
                uid));
    }

    public OptionalLong totpLastStep(long uid) {
        Optional<Long> last = db.read(c -> Sql.one(
                        c,
                        "SELECT totp_last_step FROM users WHERE uid = ?",
                        rs -> Sql.optionalLong(rs, "totp_last_step"),
                        uid))
                .flatMap(o -> o);
        return last.isPresent() ? OptionalLong.of(last.get()) : OptionalLong.empty();
    }

    /**
     * Claims a code's time step: true only for the first use of a step later than any used before, so
     * that a code seen over someone's shoulder cannot be used again, even on another node at once.
     */
    public boolean useTotpStep(long uid, long step) {
        return db.write(c -> Sql.update(
                        c,
                        "UPDATE users SET totp_last_step = ? WHERE uid = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
                        step,
                        uid,
                        step)
                > 0);
    }

    public void linkOidc(long uid, String subject, Instant now) {
        db.write(c -> Sql.update(
                c,
                "UPDATE users SET oidc_subject = ?, updated_at = ? WHERE uid = ?",
                subject,
                now.toEpochMilli(),
                uid));
    }

    public void signedIn(long uid, Instant now) {
        db.write(c -> Sql.update(c, "UPDATE users SET last_login_at = ? WHERE uid = ?", now.toEpochMilli(), uid));
    }

    /** Removes a user with their sessions and tokens; refused when no active admin would be left. */
    public boolean deleteUser(long uid) {
        return db.write(c -> {
            int admins = lockAdmins(c);
            Sql.update(c, "DELETE FROM team_members WHERE uid = ?", uid);
            Sql.update(c, "DELETE FROM sessions WHERE uid = ?", uid);
            Sql.update(c, "DELETE FROM api_tokens WHERE uid = ?", uid);
            boolean gone = Sql.update(c, "DELETE FROM users WHERE uid = ?", uid) > 0;
            requireAnAdmin(c, admins);
            return gone;
        });
    }

    private static Optional<User> userWhere(Connection c, String where, Object param) throws SQLException {
        Optional<User> u =
                Sql.one(c, "SELECT " + USER_COLUMNS + " FROM users WHERE " + where, rs -> user(rs, Set.of()), param);
        if (u.isEmpty()) {
            return u;
        }
        List<String> teams = Sql.list(
                c,
                "SELECT t.name FROM team_members m JOIN teams t ON t.tid = m.tid WHERE m.uid = ?",
                rs -> rs.getString(1),
                u.get().uid());
        User x = u.get();
        return Optional.of(new User(
                x.uid(),
                x.name(),
                x.role(),
                new HashSet<>(teams),
                x.passwordHash(),
                x.mustChangePassword(),
                x.totpSecret(),
                x.oidcSubject(),
                x.disabled(),
                x.createdAt(),
                x.lastLoginAt()));
    }

    private static User user(ResultSet rs, Set<String> teams) throws SQLException {
        return new User(
                rs.getLong("uid"),
                rs.getString("name"),
                Role.parse(rs.getString("role")).orElse(Role.VIEWER),
                teams,
                Optional.ofNullable(rs.getString("password_hash")),
                rs.getBoolean("must_change"),
                Optional.ofNullable(rs.getString("totp_secret")),
                Optional.ofNullable(rs.getString("oidc_subject")),
                rs.getBoolean("disabled"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Sql.optionalLong(rs, "last_login_at").map(Instant::ofEpochMilli));
    }

    // ---- teams

    public List<String> teams() {
        return db.read(c -> Sql.list(c, "SELECT name FROM teams ORDER BY name", rs -> rs.getString(1)));
    }

    public boolean addTeam(String name, Instant now) {
        return db.write(c -> Sql.update(
                        c,
                        "INSERT INTO teams (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                        name,
                        now.toEpochMilli())
                > 0);
    }

    public boolean deleteTeam(String name) {
        return db.write(c -> {
            Sql.update(c, "DELETE FROM team_members WHERE tid IN (SELECT tid FROM teams WHERE name = ?)", name);
            return Sql.update(c, "DELETE FROM teams WHERE name = ?", name) > 0;
        });
    }

    public Map<String, List<String>> members() {
        return db.read(c -> {
            Map<String, List<String>> out = new java.util.TreeMap<>();
            for (String t : Sql.list(c, "SELECT name FROM teams ORDER BY name", rs -> rs.getString(1))) {
                out.put(t, new ArrayList<>());
            }
            Sql.list(
                    c,
                    "SELECT t.name, u.name FROM team_members m JOIN teams t ON t.tid = m.tid JOIN users u ON u.uid = m.uid ORDER BY u.name",
                    rs -> {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(rs.getString(2));
                        return null;
                    });
            return out;
        });
    }

    private static void setTeams(Connection c, long uid, Collection<String> teams, Instant now) throws SQLException {
        Sql.update(c, "DELETE FROM team_members WHERE uid = ?", uid);
        for (String t : new java.util.TreeSet<>(teams)) {
            Sql.update(
                    c,
                    "INSERT INTO teams (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                    t,
                    now.toEpochMilli());
            Sql.update(
                    c,
                    "INSERT INTO team_members (tid, uid) SELECT tid, ? FROM teams WHERE name = ? ON CONFLICT DO NOTHING",
                    uid,
                    t);
        }
    }

    // ---- API tokens

    public ApiToken addToken(
            long uid, String name, String prefix, String hash, Scope scope, Optional<Instant> expires, Instant now) {
        return db.write(c -> {
            Sql.update(
                    c,
                    "INSERT INTO api_tokens (uid, name, prefix, hash, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    uid,
                    name,
                    prefix,
                    hash,
                    scope.word(),
                    now.toEpochMilli(),
                    expires.map(Instant::toEpochMilli));
            return tokenWhere(c, "k.hash = ?", hash).get(0);
        });
    }

    public Optional<ApiToken> tokenByHash(String hash) {
        return db.read(c -> tokenWhere(c, "k.hash = ?", hash).stream().findFirst());
    }

    public Optional<ApiToken> token(long kid) {
        return db.read(c -> tokenWhere(c, "k.kid = ?", kid).stream().findFirst());
    }

    public List<ApiToken> tokensOf(long uid) {
        return db.read(c -> tokenWhere(c, "k.uid = ?", uid));
    }

    public List<ApiToken> allTokens() {
        return db.read(c -> tokenWhere(c, "1 = ?", 1));
    }

    /** Records use at most once a minute per token, so that busy automation does not write on every call. */
    public void tokenUsed(long kid, Instant now) {
        long ms = now.toEpochMilli();
        db.write(c -> Sql.update(
                c,
                "UPDATE api_tokens SET last_used_at = ? WHERE kid = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                ms,
                kid,
                ms - 60_000));
    }

    public boolean revokeToken(long kid, Instant now) {
        return db.write(c -> Sql.update(
                        c,
                        "UPDATE api_tokens SET revoked_at = ? WHERE kid = ? AND revoked_at IS NULL",
                        now.toEpochMilli(),
                        kid)
                > 0);
    }

    private static List<ApiToken> tokenWhere(Connection c, String where, Object param) throws SQLException {
        return Sql.list(
                c,
                "SELECT k.kid, k.uid, u.name AS user_name, k.name, k.prefix, k.scope, k.created_at, k.last_used_at, k.expires_at, k.revoked_at"
                        + " FROM api_tokens k JOIN users u ON u.uid = k.uid WHERE " + where + " ORDER BY k.kid",
                rs -> new ApiToken(
                        rs.getLong("kid"),
                        rs.getLong("uid"),
                        rs.getString("user_name"),
                        rs.getString("name"),
                        rs.getString("prefix"),
                        Scope.parse(rs.getString("scope")).orElse(Scope.READ),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        Sql.optionalLong(rs, "last_used_at").map(Instant::ofEpochMilli),
                        Sql.optionalLong(rs, "expires_at").map(Instant::ofEpochMilli),
                        Sql.optionalLong(rs, "revoked_at").map(Instant::ofEpochMilli)),
                param);
    }

    // ---- sessions

    public void addSession(Session s, Optional<String> address) {
        db.write(c -> Sql.update(
                c,
                "INSERT INTO sessions (hash, uid, csrf, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?, ?)",
                s.hash(),
                s.uid(),
                s.csrf(),
                s.createdAt().toEpochMilli(),
                s.lastSeenAt().toEpochMilli(),
                s.expiresAt().toEpochMilli(),
                address));
    }

    public Optional<Session> session(String hash) {
        return db.read(c -> Sql.one(
                c,
                "SELECT hash, uid, csrf, created_at, last_seen_at, expires_at FROM sessions WHERE hash = ?",
                rs -> new Session(
                        rs.getString("hash"),
                        rs.getLong("uid"),
                        rs.getString("csrf"),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        Instant.ofEpochMilli(rs.getLong("last_seen_at")),
                        Instant.ofEpochMilli(rs.getLong("expires_at"))),
                hash));
    }

    public void touchSession(String hash, Instant now, Instant expires) {
        db.write(c -> Sql.update(
                c,
                "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE hash = ?",
                now.toEpochMilli(),
                expires.toEpochMilli(),
                hash));
    }

    public void deleteSession(String hash) {
        db.write(c -> Sql.update(c, "DELETE FROM sessions WHERE hash = ?", hash));
    }

    public int purgeSessions(Instant now) {
        return db.write(c -> Sql.update(c, "DELETE FROM sessions WHERE expires_at <= ?", now.toEpochMilli()));
    }

    // ---- audit

    public void audit(
            Instant at,
            String actor,
            String action,
            Optional<String> target,
            Map<String, Object> detail,
            Optional<String> address) {
        String json;
        try {
            json = JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            json = "{}";
        }
        String d = json;
        db.write(c -> Sql.update(
                c,
                "INSERT INTO audit (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
                at.toEpochMilli(),
                actor,
                action,
                target,
                d,
                address));
    }

    /** Entries newest first, from {@code before} (exclusive) back, at most {@code limit}. */
    public List<AuditEntry> auditLog(Optional<Long> before, Optional<Instant> since, int limit) {
        return db.read(c -> Sql.list(
                c,
                "SELECT aid, at, actor, action, target, detail, address FROM audit WHERE aid < ? AND at >= ? ORDER BY aid DESC LIMIT ?",
                rs -> new AuditEntry(
                        rs.getLong("aid"),
                        Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("actor"),
                        rs.getString("action"),
                        Optional.ofNullable(rs.getString("target")),
                        detail(rs.getString("detail")),
                        Optional.ofNullable(rs.getString("address"))),
                before.orElse(Long.MAX_VALUE),
                since.map(Instant::toEpochMilli).orElse(0L),
                limit));
    }

    private static Map<String, Object> detail(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }
}

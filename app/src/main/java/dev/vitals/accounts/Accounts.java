package dev.vitals.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accounts as people use them: adding users with a one-time password, signing in (throttled, with a
 * second factor when set up), sessions that expire when idle and in any case, API tokens shown once,
 * and the rule that the last admin cannot be removed. Tokens and sessions are checked against the
 * database on every request, so a revocation counts at once on every node.
 */
public final class Accounts {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Accounts.class);
    public static final String TOKEN_PREFIX = "vt_";
    public static final String SESSION_COOKIE = "vitals_session";
    /** The user that visitors of {@code vitals demo} are signed in as. */
    public static final String DEMO_USER = "demo";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@+-]{0,99}");
    private static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final AccountStore store;
    private final InstantSource clock;
    private final SecuritySettings.Sessions sessions;
    private final Optional<String> bootstrapToken;
    private final LoginThrottle throttle;
    private final Totp totp;
    private final boolean demo;

    public Accounts(
            AccountStore store,
            InstantSource clock,
            SecuritySettings.Sessions sessions,
            Optional<String> bootstrapToken,
            LoginThrottle throttle) {
        this(store, clock, sessions, bootstrapToken, throttle, false);
    }

    /**
     * @param demo demo mode, for {@code vitals demo} only: {@link #demoSignIn} signs visitors in as the
     *     demo user
     */
    public Accounts(
            AccountStore store,
            InstantSource clock,
            SecuritySettings.Sessions sessions,
            Optional<String> bootstrapToken,
            LoginThrottle throttle,
            boolean demo) {
        this.demo = demo;
        this.store = store;
        this.clock = clock;
        this.sessions = sessions;
        this.bootstrapToken = bootstrapToken.filter(t -> !t.isBlank());
        this.throttle = throttle;
        this.totp = new Totp(clock);
    }

    public AccountStore store() {
        return store;
    }

    // ---- who is asking

    /**
     * The caller a bearer token stands for, or empty when the token is unknown, expired or revoked.
     * When the database cannot answer, a token that was good within {@link #STALE_IF_ERROR} still is,
     * so that Prometheus and the people looking into an outage can read what Vitals keeps in memory.
     */
    public Optional<Caller> bearer(String token) {
        if (bootstrapToken.isPresent() && Secrets.same(bootstrapToken.get(), token)) {
            return Optional.of(Caller.bootstrap());
        }
        if (!token.startsWith(TOKEN_PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        return orLastKnown("t:" + hash, () -> {
            Instant now = clock.instant();
            Optional<ApiToken> t = store.tokenByHash(hash).filter(k -> k.activeAt(now));
            if (t.isEmpty()) {
                return Optional.empty();
            }
            Optional<User> u = store.user(t.get().uid()).filter(x -> !x.disabled());
            if (u.isEmpty()) {
                return Optional.empty();
            }
            // At most one write a minute per token, however busy the automation using it.
            if (t.get()
                    .lastUsedAt()
                    .map(at -> !at.isAfter(now.minus(TOUCH_EVERY)))
                    .orElse(true)) {
                store.tokenUsed(t.get().kid(), now);
            }
            return Optional.of(Caller.token(u.get(), t.get().scope()));
        });
    }

    /** How long a token or session checked good stays good while the database cannot be asked. */
    public static final Duration STALE_IF_ERROR = Duration.ofMinutes(15);

    private static final int MAX_REMEMBERED = 10_000;

    private record Known(Caller caller, Instant at) {}

    private final java.util.Map<String, Known> lastKnown =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Known> eldest) {
                    return size() > MAX_REMEMBERED;
                }
            });

    /**
     * Asks the database; remembers a good answer, forgets a bad one, and falls back on a recent good
     * answer only when the database fails. A revoked token is refused as soon as the database says so.
     */
    /** Forgets every remembered caller of a user whose access just changed, so no outage revives it. */
    private void forget(long uid) {
        synchronized (lastKnown) {
            lastKnown
                    .values()
                    .removeIf(k -> k.caller().user().map(u -> u.uid() == uid).orElse(false));
        }
    }

    private Optional<Caller> orLastKnown(String key, java.util.function.Supplier<Optional<Caller>> ask) {
        try {
            Optional<Caller> c = ask.get();
            if (c.isPresent()) {
                lastKnown.put(key, new Known(c.get(), clock.instant()));
            } else {
                lastKnown.remove(key);
            }
            return c;
        } catch (dev.vitals.store.StoreException e) {
            Known k = lastKnown.get(key);
            Instant now = clock.instant();
            boolean sessionEnded = k != null
                    && k.caller()
                            .session()
                            .map(x -> !now.isBefore(x.expiresAt()))
                            .orElse(false);
            if (k != null && !sessionEnded && Duration.between(k.at(), now).compareTo(STALE_IF_ERROR) <= 0) {
                return Optional.of(k.caller());
            }
            throw e;
        }
    }

    /** The caller a session cookie stands for, keeping the session alive; empty when it has ended. */
    public Optional<Caller> session(String cookie) {
        if (cookie.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(cookie);
        return orLastKnown("s:" + hash, () -> {
            Instant now = clock.instant();
            Optional<Session> s = store.session(hash);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            if (!now.isBefore(s.get().expiresAt())) {
                store.deleteSession(hash);
                return Optional.empty();
            }
            Optional<User> u = store.user(s.get().uid()).filter(x -> !x.disabled());
            if (u.isEmpty()) {
                return Optional.empty();
            }
            Session live = s.get();
            if (Duration.between(live.lastSeenAt(), now).compareTo(TOUCH_EVERY) >= 0) {
                Instant expires =
                        min(now.plus(sessions.idle()), live.createdAt().plus(sessions.maxAge()));
                store.touchSession(hash, now, expires);
                live = new Session(hash, live.uid(), live.csrf(), live.createdAt(), now, expires);
            }
            return Optional.of(Caller.session(u.get(), live));
        });
    }

    // ---- signing in and out

    /** What became of a sign-in. */
    public sealed interface SignIn {
        record Ok(User user, String cookie, Session session) implements SignIn {}

        /** Wrong name or password, in words that do not say which. */
        record Refused(String reason) implements SignIn {}

        record Throttled(Duration retryAfter) implements SignIn {}

        /** The password was right; the account has a second factor and no (or a wrong) code came. */
        record NeedsCode(String reason) implements SignIn {}
    }

    /** Checks a password (and the second factor, when the user has one) and starts a session. */
    public SignIn signIn(String name, String password, Optional<String> code, String address) {
        String typed = name.strip().toLowerCase(java.util.Locale.ROOT);
        boolean valid = NAME.matcher(typed).matches();
        // A name that cannot exist is throttled and logged under one fixed key: it may be huge, hold
        // line breaks, or be a password typed into the wrong field.
        String n = valid ? typed : "(not a user name)";
        // The attempt counts as failed until it succeeds, so parallel guesses cannot slip past the limit.
        Optional<Duration> wait = throttle.attempt(n, address);
        if (wait.isPresent()) {
            return new SignIn.Throttled(wait.get());
        }
        Optional<User> u = valid ? store.user(n) : Optional.empty();
        boolean ok = Passwords.verify(password, u.flatMap(User::passwordHash));
        if (!ok || u.get().disabled()) {
            LOG.info("sign-in refused for {} from {}", n, address);
            return new SignIn.Refused("the name or password is not right");
        }
        User user = u.get();
        if (user.totpSecret().isPresent()) {
            if (code.isEmpty() || code.get().isBlank()) {
                // The password was right: this attempt is not held against the account.
                throttle.succeeded(n, address);
                return new SignIn.NeedsCode("enter the 6-digit code from your authenticator app");
            }
            if (!verifyCode(user, code.get())) {
                return new SignIn.NeedsCode("that code is not right, or was used already; try the next one");
            }
        }
        throttle.succeeded(n, address);
        return startSession(user, address);
    }

    /** Starts a session for a user whose identity was proved elsewhere (single sign-on). */
    public SignIn.Ok startSession(User user, String address) {
        Instant now = clock.instant();
        String cookie = Secrets.token("");
        Session s = new Session(
                Secrets.sha256(cookie),
                user.uid(),
                Secrets.token(""),
                now,
                now,
                min(now.plus(sessions.idle()), now.plus(sessions.maxAge())));
        store.addSession(s, Optional.of(address));
        store.signedIn(user.uid(), now);
        return new SignIn.Ok(user, cookie, s);
    }

    /**
     * Signs in someone the identity provider vouched for: found by issuer and subject (never by name,
     * which the provider's users may choose), created at the first sign-in, and given the role (and,
     * when {@code teamsFromClaim}, the teams) the provider's claims map to at every sign-in.
     */
    public SignIn ssoSignIn(dev.vitals.accounts.oidc.OidcIdentity id, boolean teamsFromClaim, String address) {
        String key = id.issuer() + "#" + id.subject();
        Optional<User> known = store.userByOidcSubject(key);
        User user;
        if (known.isPresent()) {
            User u = known.get();
            if (u.disabled()) {
                return new SignIn.Refused("your Vitals account is disabled; ask an admin");
            }
            List<String> teams = teamsFromClaim ? id.teams() : List.copyOf(u.teams());
            Role role = id.role();
            if (u.role() == Role.ADMIN && role != Role.ADMIN && store.activeAdmins() <= 1) {
                // The provider would demote the last admin: keep the role rather than lock everybody out.
                LOG.warn(
                        "single sign-on of {}: the provider no longer makes them admin, but they are the last admin;"
                                + " the role stays admin until there is another",
                        u.name());
                role = Role.ADMIN;
            }
            user = updateUser(u.name(), role, teams, false);
        } else {
            Optional<String> name = freeName(id.name());
            if (name.isEmpty()) {
                return new SignIn.Refused("a Vitals user named \"" + id.name()
                        + "\" exists already; ask an admin to rename or remove it");
            }
            user = addSsoUser(name.get(), id.role(), teamsFromClaim ? id.teams() : List.of(), key);
        }
        return startSession(user, address);
    }

    /** A user name made from what the provider calls the person, not taken by another user. */
    private Optional<String> freeName(String wanted) {
        String base = wanted.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._@+-]", "-");
        base = base.replaceFirst("^[^a-z0-9]+", "");
        if (base.length() > 90) {
            base = base.substring(0, 90);
        }
        if (base.isEmpty()) {
            base = "sso-user";
        }
        for (String candidate : List.of(base, base + "-sso")) {
            if (store.user(candidate).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    // ---- demo mode (vitals demo only)

    /** Whether this is {@code vitals demo}, where visitors of the pages are signed in without asking. */
    public boolean demo() {
        return demo;
    }

    /**
     * Demo mode only: adds the demo user if missing, a viewer without a password (nobody can sign in
     * as it with one; only {@link #demoSignIn} makes its sessions).
     */
    public void addDemoUser() {
        if (!demo) {
            throw new IllegalStateException("the demo user exists in demo mode only");
        }
        Optional<User> u = store.user(DEMO_USER);
        if (u.isEmpty()) {
            store.addUser(DEMO_USER, Role.VIEWER, Set.of(), Optional.empty(), false, clock.instant());
        } else if (!isDemoUser(u.get())) {
            // Someone made a user of that name in this data folder: it is theirs, not the demo's.
            LOG.warn(
                    "the user \"{}\" exists and is not an enabled viewer; demo visitors are not signed in automatically",
                    DEMO_USER);
        }
    }

    /**
     * Demo mode only: signs a visitor in as the demo user, with a new session. Empty outside demo mode,
     * so that no other Vitals ever signs anyone in unasked, and when the demo user is not an enabled
     * viewer.
     */
    public Optional<SignIn.Ok> demoSignIn(String address) {
        if (!demo) {
            return Optional.empty();
        }
        return store.user(DEMO_USER).filter(Accounts::isDemoUser).map(u -> startSession(u, address));
    }

    private static boolean isDemoUser(User u) {
        return u.role() == Role.VIEWER && !u.disabled() && u.passwordHash().isEmpty();
    }

    public void signOut(Session s) {
        lastKnown.remove("s:" + s.hash());
        store.deleteSession(s.hash());
    }

    /** A second-factor code, checked against the user's secret; a code works once. */
    boolean verifyCode(User user, String code) {
        if (user.totpSecret().isEmpty()) {
            return false;
        }
        try {
            return totp.verify(user.totpSecret().get(), code, store.totpLastStep(user.uid())) instanceof Totp.Accepted a
                    && store.useTotpStep(user.uid(), a.step());
        } catch (IllegalArgumentException e) {
            return false; // a damaged secret refuses, never lets in
        }
    }

    // ---- second factor

    /** A secret to enrol in an authenticator app, and its otpauth:// link (shown as text or QR code). */
    public record Enrolment(String secret, String uri) {}

    public Enrolment beginSecondFactor(User u) {
        refuseSecondFactorChange(u);
        String secret = totp.newSecret();
        return new Enrolment(secret, Totp.enrolmentUri(secret, u.name()));
    }

    /** Turns the second factor on once a code from the app proves it was set up right. */
    public void confirmSecondFactor(User u, String secret, String code) {
        // Read afresh: the one given may be from before another tab turned the factor on.
        refuseSecondFactorChange(store.user(u.uid()).orElse(u));
        if (!Totp.isSecret(secret) || secret.strip().length() < 26) {
            // 26 Base32 characters carry 128 bits: less would be a key anyone could guess.
            throw AccountException.invalid("secret", "the secret is not the one Vitals gave (Base32 text expected)");
        }
        switch (totp.verify(secret, code, java.util.OptionalLong.empty())) {
            case Totp.Accepted a ->
                store.setTotp(u.uid(), Optional.of(secret), java.util.OptionalLong.of(a.step()), clock.instant());
            case Totp.Refused r -> throw AccountException.invalid("code", r.words());
        }
    }

    /**
     * A second factor is replaced only by turning it off first (with a code or the password): a
     * signed-in browser left open must not be enough to swap in someone else's. An account that signs
     * in only with single sign-on has none: the provider does the second factor there.
     */
    private static void refuseSecondFactorChange(User u) {
        if (u.hasSecondFactor()) {
            throw AccountException.conflict(
                    "a second factor is on already; turn it off first, with a code or the password");
        }
        if (u.passwordHash().isEmpty()) {
            throw AccountException.conflict(
                    "this account signs in with single sign-on, where the identity provider asks for the second factor");
        }
    }

    /** Turns the second factor off; proved by a current code or the password. */
    public void removeSecondFactor(User u, Optional<String> code, Optional<String> password) {
        boolean proved = (code.isPresent() && verifyCode(u, code.get()))
                || (password.isPresent() && Passwords.verify(password.get(), u.passwordHash()));
        if (!proved) {
            throw AccountException.invalid("code", "give a current code from your authenticator app, or your password");
        }
        store.setTotp(u.uid(), Optional.empty(), java.util.OptionalLong.empty(), clock.instant());
    }

    /** An admin removes the second factor of someone who lost their phone. */
    public void resetSecondFactor(String name) {
        User u = require(name);
        store.setTotp(u.uid(), Optional.empty(), java.util.OptionalLong.empty(), clock.instant());
    }

    // ---- users

    /** A new user and the one-time password to give them; they must change it at first sign-in. */
    public record NewUser(User user, String oneTimePassword) {}

    public NewUser addUser(String name, Role role, Collection<String> teams) {
        String n = checkName(name);
        Set<String> t = checkTeams(teams);
        if (store.user(n).isPresent()) {
            throw AccountException.conflict("a user named \"" + n + "\" exists already");
        }
        String password = Secrets.readablePassword(20);
        User u = store.addUser(n, role, t, Optional.of(Passwords.hash(password)), true, clock.instant());
        return new NewUser(u, password);
    }

    /** A user who signs in only with single sign-on: no password. */
    public User addSsoUser(String name, Role role, Collection<String> teams, String subject) {
        User u = store.addUser(checkName(name), role, checkTeams(teams), Optional.empty(), false, clock.instant());
        store.linkOidc(u.uid(), subject, clock.instant());
        return store.user(u.uid()).orElseThrow();
    }

    public User require(String name) {
        return store.user(name.strip().toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> AccountException.notFound("no user named \"" + name + "\""));
    }

    public User updateUser(String name, Role role, Collection<String> teams, boolean disabled) {
        User u = require(name);
        boolean losesAdmin = u.role() == Role.ADMIN && !u.disabled() && (role != Role.ADMIN || disabled);
        if (losesAdmin && store.activeAdmins() <= 1) {
            throw AccountException.conflict("\"" + u.name() + "\" is the last admin; make another admin first");
        }
        store.updateUser(u.uid(), role, checkTeams(teams), disabled, clock.instant());
        forget(u.uid());
        return store.user(u.uid()).orElseThrow();
    }

    public void deleteUser(String name) {
        User u = require(name);
        if (u.role() == Role.ADMIN && !u.disabled() && store.activeAdmins() <= 1) {
            throw AccountException.conflict("\"" + u.name() + "\" is the last admin; make another admin first");
        }
        store.deleteUser(u.uid());
        forget(u.uid());
    }

    /** A new one-time password for a user who lost theirs; signs out all their sessions. */
    public String resetPassword(String name) {
        User u = require(name);
        String password = Secrets.readablePassword(20);
        store.setPassword(u.uid(), Passwords.hash(password), true, Optional.empty(), clock.instant());
        forget(u.uid());
        return password;
    }

    /** Changes one's own password; other sessions of the user end, {@code current} stays. */
    public void changePassword(User u, String current, String next, Optional<Session> keep) {
        if (u.passwordHash().isEmpty()) {
            throw AccountException.invalid("current", "this account signs in with single sign-on and has no password");
        }
        if (!Passwords.verify(current, u.passwordHash())) {
            throw AccountException.invalid("current", "the current password is not right");
        }
        Optional<String> weak = Passwords.weakness(next, u.name());
        if (weak.isPresent()) {
            throw AccountException.invalid("new", weak.get());
        }
        store.setPassword(u.uid(), Passwords.hash(next), false, keep.map(Session::hash), clock.instant());
        forget(u.uid());
    }

    // ---- teams

    public void addTeam(String name) {
        String t = checkTeam(name);
        if (!store.addTeam(t, clock.instant())) {
            throw AccountException.conflict("a team named \"" + t + "\" exists already");
        }
    }

    public void deleteTeam(String name) {
        if (!store.deleteTeam(name)) {
            throw AccountException.notFound("no team named \"" + name + "\"");
        }
    }

    // ---- API tokens

    /** A new token and the only time its value is shown. */
    public record NewToken(ApiToken token, String value) {}

    public NewToken addToken(User u, String name, Scope scope, Optional<Duration> lifetime) {
        String n = name.strip();
        if (n.isEmpty() || n.length() > 100) {
            throw AccountException.invalid(
                    "name", "a token needs a name of 1 to 100 characters, to tell it apart later");
        }
        String value = Secrets.token(TOKEN_PREFIX);
        Instant now = clock.instant();
        ApiToken t = store.addToken(
                u.uid(), n, value.substring(0, 10), Secrets.sha256(value), scope, lifetime.map(now::plus), now);
        return new NewToken(t, value);
    }

    public List<ApiToken> tokensOf(User u) {
        return store.tokensOf(u.uid());
    }

    /** Revokes a token; {@code owner} limits it to that user's tokens (empty: an admin revoking any). */
    public ApiToken revokeToken(long kid, Optional<User> owner) {
        ApiToken t = store.token(kid)
                .filter(k -> owner.map(o -> o.uid() == k.uid()).orElse(true))
                .orElseThrow(() -> AccountException.notFound("no token with id " + kid));
        store.revokeToken(kid, clock.instant());
        forget(t.uid());
        return store.token(kid).orElse(t);
    }

    // ---- checks

    public static String checkName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
        if (!NAME.matcher(n).matches()) {
            throw AccountException.invalid(
                    "name", "a user name has 1 to 100 letters, digits or . _ @ + - and starts with a letter or digit");
        }
        return n;
    }

    private static Set<String> checkTeams(Collection<String> teams) {
        return teams.stream().map(Accounts::checkTeam).collect(java.util.stream.Collectors.toSet());
    }

    public static String checkTeam(String name) {
        String t = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
        if (!TEAM.matcher(t).matches()) {
            throw AccountException.invalid(
                    "teams", "a team name has 1 to 64 letters, digits or . _ - and starts with a letter or digit");
        }
        return t;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

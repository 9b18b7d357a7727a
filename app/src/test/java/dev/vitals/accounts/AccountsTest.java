package dev.vitals.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.store.Database;
import dev.vitals.testkit.SettableClock;
import dev.vitals.testkit.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts on both stores: passwords, sign-in, sessions, tokens and the last-admin rule. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgres"})
class AccountsTest {
    @Parameter
    String backend;

    @TempDir
    Path dir;

    TestDatabases.Handle handle;
    Database db;
    SettableClock clock;
    Accounts accounts;
    static final SecuritySettings.Sessions SESSIONS =
            new SecuritySettings.Sessions(Duration.ofHours(1), Duration.ofHours(8));

    @BeforeEach
    void open() {
        handle = TestDatabases.open(backend, dir);
        db = handle.open();
        clock = SettableClock.at("2026-11-24T10:00:00Z");
        accounts = new Accounts(new AccountStore(db), clock, SESSIONS, Optional.empty(), LoginThrottle.standard(clock));
    }

    @AfterEach
    void close() {
        db.close();
        handle.close();
    }

    @Test
    void aNewUserGetsAOneTimePasswordThatSignsInOnceAndMustBeChanged() {
        Accounts.NewUser u = accounts.addUser("Alice", Role.ADMIN, List.of("IT"));
        assertThat(u.user().name()).isEqualTo("alice");
        assertThat(u.user().teams()).containsExactly("it");
        assertThat(u.oneTimePassword()).hasSize(20);
        // Only an Argon2id hash is stored.
        String stored = db.read(c -> dev.vitals.store.Sql.one(
                        c, "SELECT password_hash FROM users WHERE name = 'alice'", rs -> rs.getString(1)))
                .orElseThrow();
        assertThat(stored).startsWith("$argon2id$").doesNotContain(u.oneTimePassword());

        Accounts.SignIn r = accounts.signIn("alice", u.oneTimePassword(), Optional.empty(), "10.0.0.1");
        assertThat(r).isInstanceOf(Accounts.SignIn.Ok.class);
        assertThat(((Accounts.SignIn.Ok) r).user().mustChangePassword()).isTrue();

        User alice = accounts.require("alice");
        accounts.changePassword(alice, u.oneTimePassword(), "correct horse battery", Optional.empty());
        assertThat(accounts.require("alice").mustChangePassword()).isFalse();
        assertThat(accounts.signIn("alice", u.oneTimePassword(), Optional.empty(), "10.0.0.1"))
                .isInstanceOf(Accounts.SignIn.Refused.class);
        assertThat(accounts.signIn("ALICE", "correct horse battery", Optional.empty(), "10.0.0.1"))
                .isInstanceOf(Accounts.SignIn.Ok.class);
    }

    @Test
    void weakPasswordsAndWrongCurrentPasswordsAreRefusedByField() {
        Accounts.NewUser u = accounts.addUser("bobby", Role.VIEWER, List.of());
        User bob = u.user();
        assertThatThrownBy(() -> accounts.changePassword(bob, "wrong", "a much better one", Optional.empty()))
                .isInstanceOf(AccountException.class)
                .hasMessageContaining("current password");
        assertThatThrownBy(() -> accounts.changePassword(bob, u.oneTimePassword(), "short", Optional.empty()))
                .hasMessageContaining("at least 10");
        assertThatThrownBy(() -> accounts.changePassword(bob, u.oneTimePassword(), "bobby-rocks-1", Optional.empty()))
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> accounts.changePassword(bob, u.oneTimePassword(), "aaaaaaaaaaaaaa", Optional.empty()))
                .hasMessageContaining("different characters");
    }

    @Test
    void wrongPasswordsAreThrottledPerAccountAndAnUnknownNameLooksTheSame() {
        Accounts.NewUser u = accounts.addUser("carol", Role.VIEWER, List.of());
        Accounts.SignIn unknown = accounts.signIn("nobody", "whatever-it-is", Optional.empty(), "10.0.0.9");
        Accounts.SignIn wrong = accounts.signIn("carol", "whatever-it-is", Optional.empty(), "10.0.0.9");
        assertThat(unknown).isEqualTo(wrong);
        for (int i = 0; i < 4; i++) {
            accounts.signIn("carol", "guess-" + i, Optional.empty(), "10.0.0." + i);
        }
        // Five failures from several addresses: the account waits, even with the right password.
        Accounts.SignIn blocked = accounts.signIn("carol", u.oneTimePassword(), Optional.empty(), "10.0.0.50");
        assertThat(blocked).isInstanceOf(Accounts.SignIn.Throttled.class);
        assertThat(((Accounts.SignIn.Throttled) blocked).retryAfter())
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(16));
        assertThat(accounts.signIn("carol", u.oneTimePassword(), Optional.empty(), "10.0.0.50"))
                .isInstanceOf(Accounts.SignIn.Ok.class);
    }

    @Test
    void oneAddressGuessingManyAccountsIsThrottledToo() {
        for (int i = 0; i < 20; i++) {
            accounts.signIn("user" + i, "guess", Optional.empty(), "192.0.2.7");
        }
        assertThat(accounts.signIn("someone-else", "guess", Optional.empty(), "192.0.2.7"))
                .isInstanceOf(Accounts.SignIn.Throttled.class);
        assertThat(accounts.signIn("someone-else", "guess", Optional.empty(), "192.0.2.8"))
                .isInstanceOf(Accounts.SignIn.Refused.class);
    }

    @Test
    void aSessionEndsWhenIdleAndAtItsMaximumAgeEvenWhenBusy() {
        User u = accounts.addUser("dave", Role.VIEWER, List.of()).user();
        Accounts.SignIn.Ok s = accounts.startSession(u, "10.0.0.1");
        assertThat(accounts.session(s.cookie())).isPresent();
        clock.advance(Duration.ofMinutes(59));
        assertThat(accounts.session(s.cookie())).as("used within the idle time").isPresent();
        clock.advance(Duration.ofMinutes(59));
        assertThat(accounts.session(s.cookie())).as("kept alive by use").isPresent();
        clock.advance(Duration.ofMinutes(61));
        assertThat(accounts.session(s.cookie())).as("idle for over an hour").isEmpty();

        Accounts.SignIn.Ok busy = accounts.startSession(u, "10.0.0.1");
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(30));
            boolean alive = accounts.session(busy.cookie()).isPresent();
            assertThat(alive).as("after %d min", (i + 1) * 30).isEqualTo((i + 1) * 30 < 8 * 60);
        }
    }

    @Test
    void signingOutChangingThePasswordAndDisablingEndSessions() {
        Accounts.NewUser n = accounts.addUser("erin", Role.RESPONDER, List.of());
        Accounts.SignIn.Ok a = accounts.startSession(n.user(), "10.0.0.1");
        Accounts.SignIn.Ok b = accounts.startSession(n.user(), "10.0.0.2");
        accounts.changePassword(n.user(), n.oneTimePassword(), "a fresh passphrase", Optional.of(a.session()));
        assertThat(accounts.session(a.cookie()))
                .as("the session that changed it")
                .isPresent();
        assertThat(accounts.session(b.cookie())).as("every other session").isEmpty();
        accounts.signOut(a.session());
        assertThat(accounts.session(a.cookie())).isEmpty();

        Accounts.SignIn.Ok c = accounts.startSession(n.user(), "10.0.0.1");
        accounts.addUser("root", Role.ADMIN, List.of());
        accounts.updateUser("erin", Role.RESPONDER, List.of(), true);
        assertThat(accounts.session(c.cookie())).isEmpty();
        assertThat(accounts.signIn("erin", "a fresh passphrase", Optional.empty(), "10.0.0.1"))
                .isInstanceOf(Accounts.SignIn.Refused.class);
    }

    @Test
    void tokensAreStoredHashedExpireAndCanBeRevoked() {
        User u = accounts.addUser("frank", Role.ADMIN, List.of()).user();
        Accounts.NewToken t = accounts.addToken(u, "ci", Scope.WRITE, Optional.of(Duration.ofDays(1)));
        assertThat(t.value()).startsWith("vt_");
        String stored = db.read(c -> dev.vitals.store.Sql.one(c, "SELECT hash FROM api_tokens", rs -> rs.getString(1)))
                .orElseThrow();
        assertThat(stored).isEqualTo(Secrets.sha256(t.value())).doesNotContain(t.value());
        Caller caller = accounts.bearer(t.value()).orElseThrow();
        assertThat(caller.level()).isEqualTo(Scope.WRITE);
        assertThat(accounts.tokensOf(u).get(0).lastUsedAt()).hasValue(clock.instant());
        clock.advance(Duration.ofDays(1));
        assertThat(accounts.bearer(t.value())).as("expired").isEmpty();

        Accounts.NewToken r = accounts.addToken(u, "script", Scope.READ, Optional.empty());
        assertThat(accounts.bearer(r.value())).isPresent();
        accounts.revokeToken(r.token().kid(), Optional.of(u));
        assertThat(accounts.bearer(r.value())).isEmpty();
        User other = accounts.addUser("gina", Role.VIEWER, List.of()).user();
        assertThatThrownBy(() -> accounts.revokeToken(t.token().kid(), Optional.of(other)))
                .hasMessageContaining("no token");
    }

    @Test
    void aViewersTokenNeverDoesMoreThanRead() {
        User v = accounts.addUser("hal", Role.VIEWER, List.of()).user();
        Accounts.NewToken t = accounts.addToken(v, "x", Scope.ADMIN, Optional.empty());
        assertThat(accounts.bearer(t.value()).orElseThrow().level()).isEqualTo(Scope.READ);
    }

    @Test
    void theLastAdminCannotBeDemotedDisabledOrDeleted() {
        accounts.addUser("ivy", Role.ADMIN, List.of());
        assertThatThrownBy(() -> accounts.updateUser("ivy", Role.VIEWER, List.of(), false))
                .hasMessageContaining("last admin");
        assertThatThrownBy(() -> accounts.updateUser("ivy", Role.ADMIN, List.of(), true))
                .hasMessageContaining("last admin");
        assertThatThrownBy(() -> accounts.deleteUser("ivy")).hasMessageContaining("last admin");
        accounts.addUser("jo", Role.ADMIN, List.of());
        accounts.deleteUser("ivy");
        assertThat(accounts.store().user("ivy")).isEmpty();
    }

    @Test
    void namesAndTeamsAreCheckedAndDuplicatesRefused() {
        assertThatThrownBy(() -> accounts.addUser("a b", Role.VIEWER, List.of()))
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> accounts.addUser("ok", Role.VIEWER, List.of("no spaces please")))
                .hasMessageContaining("team name");
        accounts.addUser("kim", Role.VIEWER, List.of());
        assertThatThrownBy(() -> accounts.addUser("KIM", Role.VIEWER, List.of()))
                .isInstanceOf(AccountException.class)
                .hasMessageContaining("exists already");
    }

    @Test
    void theAuditLogKeepsWhoWhatWhereAndPagesNewestFirst() {
        Audit audit = new Audit(accounts.store(), clock);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            audit.record("ada", Optional.of("10.0.0.1"), "monitor.update", Optional.of("m" + i), Map.of("n", i));
        }
        List<AuditEntry> first = accounts.store().auditLog(Optional.empty(), Optional.empty(), 2);
        assertThat(first).extracting(e -> e.target().orElseThrow()).containsExactly("m4", "m3");
        List<AuditEntry> next =
                accounts.store().auditLog(Optional.of(first.get(1).id()), Optional.empty(), 10);
        assertThat(next).extracting(e -> e.target().orElseThrow()).containsExactly("m2", "m1", "m0");
        assertThat(next.get(0).detail()).containsEntry("n", 2);
        assertThat(next.get(0).address()).hasValue("10.0.0.1");
    }

    private String codeAt(String secret, java.time.Instant t) {
        return Totp.code(Base32.decode(secret).orElseThrow(), Totp.step(t), 6);
    }

    @Test
    void aSecondFactorIsAskedForAtSignInAndEachCodeWorksOnce() {
        Accounts.NewUser n = accounts.addUser("lena", Role.ADMIN, List.of());
        Accounts.Enrolment e = accounts.beginSecondFactor(n.user());
        assertThat(e.uri()).startsWith("otpauth://totp/").contains("secret=" + e.secret());
        assertThatThrownBy(() -> accounts.confirmSecondFactor(n.user(), e.secret(), "000000"))
                .isInstanceOf(AccountException.class);
        accounts.confirmSecondFactor(n.user(), e.secret(), codeAt(e.secret(), clock.instant()));
        assertThat(accounts.require("lena").hasSecondFactor()).isTrue();
        // No swapping in another factor without turning this one off (a code or the password).
        Accounts.Enrolment other = new Accounts.Enrolment("JBSWY3DPEHPK3PXP", "");
        assertThatThrownBy(() ->
                        accounts.confirmSecondFactor(n.user(), other.secret(), codeAt(other.secret(), clock.instant())))
                .hasMessageContaining("turn it off first");
        assertThatThrownBy(() -> accounts.beginSecondFactor(accounts.require("lena")))
                .hasMessageContaining("turn it off first");

        // The code used to confirm cannot sign in; the next one can, once.
        String used = codeAt(e.secret(), clock.instant());
        assertThat(accounts.signIn("lena", n.oneTimePassword(), Optional.empty(), "10.0.0.1"))
                .isInstanceOf(Accounts.SignIn.NeedsCode.class);
        assertThat(accounts.signIn("lena", n.oneTimePassword(), Optional.of(used), "10.0.0.1"))
                .isInstanceOf(Accounts.SignIn.NeedsCode.class);
        clock.advance(Duration.ofSeconds(30));
        String next = codeAt(e.secret(), clock.instant());
        assertThat(accounts.signIn("lena", n.oneTimePassword(), Optional.of(next), "10.0.0.1"))
                .isInstanceOf(Accounts.SignIn.Ok.class);
        assertThat(accounts.signIn("lena", n.oneTimePassword(), Optional.of(next), "10.0.0.1"))
                .as("replayed")
                .isInstanceOf(Accounts.SignIn.NeedsCode.class);
        // A wrong password with a right code is just a wrong password.
        clock.advance(Duration.ofSeconds(30));
        assertThat(accounts.signIn(
                        "lena", "not-the-password", Optional.of(codeAt(e.secret(), clock.instant())), "10.0.0.1"))
                .isInstanceOf(Accounts.SignIn.Refused.class);

        assertThatThrownBy(() ->
                        accounts.removeSecondFactor(accounts.require("lena"), Optional.of("123456"), Optional.empty()))
                .isInstanceOf(AccountException.class);
        accounts.removeSecondFactor(accounts.require("lena"), Optional.empty(), Optional.of(n.oneTimePassword()));
        assertThat(accounts.signIn("lena", n.oneTimePassword(), Optional.empty(), "10.0.0.2"))
                .isInstanceOf(Accounts.SignIn.Ok.class);
    }

    @Test
    void whileTheDatabaseIsAwayARecentlyGoodTokenStillReadsButNothingNewGetsIn() {
        User u = accounts.addUser("olga", Role.VIEWER, List.of()).user();
        Accounts.NewToken good = accounts.addToken(u, "prometheus", Scope.READ, Optional.empty());
        Accounts.NewToken unseen = accounts.addToken(u, "never-used", Scope.READ, Optional.empty());
        assertThat(accounts.bearer(good.value())).isPresent();
        db.close();
        clock.advance(Duration.ofMinutes(10));
        assertThat(accounts.bearer(good.value())).as("seen 10 minutes ago").isPresent();
        assertThatThrownBy(() -> accounts.bearer(unseen.value())).isInstanceOf(dev.vitals.store.StoreException.class);
        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> accounts.bearer(good.value()))
                .as("too long ago")
                .isInstanceOf(dev.vitals.store.StoreException.class);
    }

    @Test
    void parallelGuessesCannotSlipPastTheLimitAndAHugeNameIsThrottledUnderOneKey() throws Exception {
        accounts.addUser("pia", Role.VIEWER, List.of());
        List<java.util.concurrent.Future<Accounts.SignIn>> tries = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                String address = "10.1.0." + i;
                tries.add(pool.submit(() -> accounts.signIn("pia", "wrong-guess", Optional.empty(), address)));
            }
        }
        long refused = 0;
        for (var t : tries) {
            if (t.get() instanceof Accounts.SignIn.Refused) {
                refused++;
            }
        }
        assertThat(refused).as("password checks made").isEqualTo(5);

        String huge = "x".repeat(100_000) + "\nforged log line";
        for (int i = 0; i < 5; i++) {
            accounts.signIn(huge + i, "p", Optional.empty(), "10.2.0." + i);
        }
        assertThat(accounts.signIn("other\nname", "p", Optional.empty(), "10.2.0.9"))
                .as("every impossible name shares one count")
                .isInstanceOf(Accounts.SignIn.Throttled.class);
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        for (int round = 0; round < 5; round++) {
            String a = "ann" + round;
            String b = "ben" + round;
            accounts.addUser(a, Role.ADMIN, List.of());
            accounts.addUser(b, Role.ADMIN, List.of());
            // Everyone else stops being admin, so that these two are the last.
            for (User u : accounts.store().users()) {
                if (u.role() == Role.ADMIN && !u.name().equals(a) && !u.name().equals(b)) {
                    accounts.store().updateUser(u.uid(), Role.VIEWER, List.of(), false, clock.instant());
                }
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var x = pool.submit(() -> {
                    go.await();
                    return accounts.updateUser(a, Role.VIEWER, List.of(), false);
                });
                var y = pool.submit(() -> {
                    go.await();
                    return accounts.updateUser(b, Role.VIEWER, List.of(), false);
                });
                go.countDown();
                for (var f : List.of(x, y)) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        // refused: the other one was first
                    }
                }
            }
            assertThat(accounts.store().activeAdmins()).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    void aFreshInstanceWithNoAdminYetCanStillChangeItsFirstUsers() {
        User v = accounts.addUser("val", Role.VIEWER, List.of()).user();
        accounts.updateUser("val", Role.RESPONDER, List.of("it"), false);
        assertThat(accounts.require("val").role()).isEqualTo(Role.RESPONDER);
        accounts.deleteUser("val");
        assertThat(accounts.store().user(v.uid())).isEmpty();
    }

    private Accounts demoAccounts() {
        return new Accounts(
                new AccountStore(db), clock, SESSIONS, Optional.empty(), LoginThrottle.standard(clock), true);
    }

    @Test
    void outsideDemoModeNobodyIsSignedInAsTheDemoUserEvenWhenItExists() {
        demoAccounts().addDemoUser();
        assertThat(accounts.demo()).isFalse();
        assertThat(accounts.demoSignIn("10.0.0.1")).isEmpty();
        assertThatThrownBy(accounts::addDemoUser).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void inDemoModeTheDemoUserIsAViewerWithoutPasswordAndEachVisitorGetsASession() {
        Accounts demo = demoAccounts();
        demo.addDemoUser();
        demo.addDemoUser(); // at every start: once is enough
        User u = demo.require(Accounts.DEMO_USER);
        assertThat(u.role()).isEqualTo(Role.VIEWER);
        assertThat(u.passwordHash()).isEmpty();
        assertThat(demo.signIn("demo", "", Optional.empty(), "10.0.0.1")).isInstanceOf(Accounts.SignIn.Refused.class);

        Accounts.SignIn.Ok ok = demo.demoSignIn("10.0.0.1").orElseThrow();
        assertThat(ok.user().name()).isEqualTo("demo");
        Caller c = demo.session(ok.cookie()).orElseThrow();
        assertThat(c.via()).isEqualTo(Caller.Via.SESSION);
        assertThat(c.level()).isEqualTo(Scope.READ);
        assertThat(demo.demoSignIn("10.0.0.2").orElseThrow().cookie()).isNotEqualTo(ok.cookie());
    }

    @Test
    void aDemoUserSomeoneMadeAnAdminIsNeverSignedInAutomatically() {
        accounts.addUser("demo", Role.ADMIN, List.of());
        Accounts demo = demoAccounts();
        demo.addDemoUser();
        assertThat(demo.require("demo").role()).isEqualTo(Role.ADMIN);
        assertThat(demo.demoSignIn("10.0.0.1")).isEmpty();
    }
}

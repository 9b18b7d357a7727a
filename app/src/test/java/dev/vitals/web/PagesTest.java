package dev.vitals.web;

import static dev.vitals.testkit.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Role;
import dev.vitals.accounts.Scope;
import dev.vitals.accounts.Totp;
import dev.vitals.accounts.User;
import dev.vitals.api.ApiHarness;
import dev.vitals.testkit.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account pages driven as a browser drives them: a cookie jar, form posts, redirects. Every page
 * any test was given is checked at the end for what every page promises.
 */
class PagesTest {
    private static final String NEW_PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;

    static ApiHarness h;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void start() {
        h = new ApiHarness(dir);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void forgiveEarlierFailures() {
        // Sign-in failures of earlier tests (all from 127.0.0.1) leave the throttle's window.
        h.clock.advance(Duration.ofMinutes(16));
    }

    private Browser browser() {
        Browser b = new Browser("http://127.0.0.1:" + h.server.port());
        browsers.add(b);
        return b;
    }

    /** A user with a password of their own (not a one-time one), made without going through pages. */
    private static User person(String name, Role role) {
        Optional<User> existing = h.accounts.store().user(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Accounts.NewUser u = h.accounts.addUser(name, role, List.of());
        h.accounts.changePassword(u.user(), u.oneTimePassword(), NEW_PASSWORD, Optional.empty());
        return h.accounts.store().user(name).orElseThrow();
    }

    private Browser signedIn(String name, Role role) {
        person(name, role);
        Browser b = browser();
        Browser.Page login = b.get("/login");
        Browser.Page done =
                b.post("/login", form("_csrf", login.csrf(), "name", name, "password", NEW_PASSWORD, "next", ""));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(done.location()).hasValue("/");
        return b;
    }

    @Test
    void theSignInPageHasAFormWithACsrfFieldThatMatchesItsCookie() {
        Browser b = browser();
        Browser.Page p = b.get("/login");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.contentType()).startsWith("text/html");
        assertThat(p.body()).contains("<form method=\"post\" action=\"/login\"");
        assertThat(p.body()).contains("autocomplete=\"username\"", "autocomplete=\"current-password\"");
        assertThat(p.body()).doesNotContain("Sign in with SSO");
        assertThat(b.cookie("vitals_login_csrf")).hasValue(p.csrf());
        // A second look at the page keeps the same token, so two open tabs both work.
        assertThat(b.get("/login").csrf()).isEqualTo(p.csrf());
    }

    @Test
    void aWrongPasswordSaysSoAndSignsNobodyIn() {
        person("wanda", Role.VIEWER);
        Browser b = browser();
        String csrf = b.get("/login").csrf();
        Browser.Page p = b.post("/login", form("_csrf", csrf, "name", "wanda", "password", "not her password"));
        assertThat(p.status()).isEqualTo(422);
        assertThat(p.body()).contains("Problem:", "The name or password is not right.");
        assertThat(p.body()).doesNotContain("not her password");
        assertThat(b.cookie(Accounts.SESSION_COOKIE)).isEmpty();
        assertThat(b.get("/account").status()).isEqualTo(303);
    }

    @Test
    void tooManyWrongPasswordsAreThrottledWithTheMinutesToWait() {
        person("tom", Role.VIEWER);
        Browser b = browser();
        String csrf = b.get("/login").csrf();
        for (int i = 0; i < 5; i++) {
            assertThat(b.post("/login", form("_csrf", csrf, "name", "tom", "password", "guess " + i))
                            .status())
                    .isEqualTo(422);
        }
        Browser.Page p = b.post("/login", form("_csrf", csrf, "name", "tom", "password", NEW_PASSWORD));
        assertThat(p.status()).isEqualTo(429);
        assertThat(p.body()).contains("Too many failed sign-ins. Wait 15 minutes and try again.");
        assertThat(p.headers().firstValue("Retry-After")).hasValue("900");
    }

    @Test
    void anAccountWithASecondFactorIsAskedForItsCodeWithThePasswordAgain() {
        User u = person("sofia", Role.VIEWER);
        h.accounts
                .store()
                .setTotp(u.uid(), Optional.of("JBSWY3DPEHPK3PXP"), java.util.OptionalLong.empty(), h.clock.instant());
        Browser b = browser();
        String csrf = b.get("/login").csrf();
        Browser.Page ask = b.post("/login", form("_csrf", csrf, "name", "sofia", "password", NEW_PASSWORD));
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body())
                .contains("Note:", "enter your password again")
                .contains("autocomplete=\"one-time-code\"")
                .contains("value=\"sofia\"")
                .doesNotContain(NEW_PASSWORD);
        Browser.Page wrong =
                b.post("/login", form("_csrf", csrf, "name", "sofia", "password", NEW_PASSWORD, "code", "000000"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains("Problem:", "That code is not right").contains("id=\"code\"");
        assertThat(b.cookie(Accounts.SESSION_COOKIE)).isEmpty();
        String code = dev.vitals.accounts.Totp.codeAt("JBSWY3DPEHPK3PXP", h.clock.instant());
        Browser.Page right =
                b.post("/login", form("_csrf", csrf, "name", "sofia", "password", NEW_PASSWORD, "code", code));
        assertThat(right.status()).as(right.body()).isEqualTo(303);
        assertThat(b.cookie(Accounts.SESSION_COOKIE)).isPresent();
    }

    @Test
    void aSignInFormWithoutItsCookieIsRefusedSoNoOtherSiteCanSignABrowserIn() {
        person("lena", Role.VIEWER);
        Browser attackerPage = browser();
        String attackersToken = attackerPage.get("/login").csrf();
        Browser victim = browser();
        Browser.Page p = victim.post("/login", form("_csrf", attackersToken, "name", "lena", "password", NEW_PASSWORD));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).contains("This sign-in form had expired, or was sent from another site.");
        assertThat(victim.cookie(Accounts.SESSION_COOKIE)).isEmpty();
        // The answer carries a fresh form that works.
        Browser.Page again = victim.post("/login", form("_csrf", p.csrf(), "name", "lena", "password", NEW_PASSWORD));
        assertThat(again.status()).isEqualTo(303);
    }

    @Test
    void aOneTimePasswordLeadsToTheChangePasswordPageAndThenToTheAccount() {
        Accounts.NewUser u = h.accounts.addUser("olga", Role.RESPONDER, List.of("finance"));
        Browser b = browser();
        String csrf = b.get("/login").csrf();
        Browser.Page in = b.post("/login", form("_csrf", csrf, "name", "olga", "password", u.oneTimePassword()));
        assertThat(in.status()).isEqualTo(303);
        assertThat(in.location()).hasValue("/account/password?notice=one-time");
        Browser.Page change = b.follow(in);
        assertThat(change.body()).contains("Note:", "You signed in with a one-time password.");
        assertThat(change.body()).contains("autocomplete=\"new-password\"");
        // Until the password is changed, every page leads back here.
        assertThat(b.get("/account").location()).hasValue("/account/password?notice=one-time");

        Browser.Page mismatch = b.post(
                "/account/password",
                form("_csrf", change.csrf(), "current", u.oneTimePassword(), "new", NEW_PASSWORD, "repeat", "x"));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.body()).contains("The new password and its repetition differ.");

        Browser.Page changed = b.post(
                "/account/password",
                form(
                        "_csrf",
                        change.csrf(),
                        "current",
                        u.oneTimePassword(),
                        "new",
                        NEW_PASSWORD,
                        "repeat",
                        NEW_PASSWORD));
        assertThat(changed.status()).isEqualTo(303);
        Browser.Page account = b.follow(changed);
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body())
                .contains("Done:", "Your password is changed.")
                .contains("<dd>olga</dd>", "<strong>responder</strong>", "<dd>finance</dd>");
        assertThat(h.accounts.store().user("olga").orElseThrow().mustChangePassword())
                .isFalse();
    }

    @Test
    void aFormPostWithoutItsCsrfFieldIsRefused() {
        Browser b = signedIn("carl", Role.RESPONDER);
        Browser.Page p = b.post("/account/tokens", form("name", "sneaky", "scope", "read"));
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.contentType()).startsWith("text/html");
        assertThat(p.body()).contains("CSRF");
        Browser.Page wrong = b.post("/account/tokens", form("_csrf", "forged", "name", "sneaky", "scope", "read"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(h.accounts.tokensOf(person("carl", Role.RESPONDER))).isEmpty();
    }

    @Test
    void aNewTokenIsShownOnceAndTheListShowsOnlyItsPrefix() {
        Browser b = signedIn("tina", Role.RESPONDER);
        Browser.Page account = b.get("/account");
        assertThat(account.body()).contains("<option value=\"write\"").doesNotContain("<option value=\"admin\"");
        Browser.Page made = b.post(
                "/account/tokens",
                form("_csrf", account.csrf(), "name", "backup script", "scope", "write", "expires_in", "30d"));
        assertThat(made.status()).isEqualTo(200);
        assertThat(made.body()).contains("Copy it now:", "it is not shown again");
        String token = made.valueOf("secret");
        assertThat(token).startsWith("vt_");
        // It works as a bearer token, with its scope.
        assertThat(h.send("GET", "/api/v1/me", Optional.empty(), new ApiHarness.As.Bearer(token))
                        .body())
                .contains("\"access\":\"write\"");

        Browser.Page list = b.get("/account");
        assertThat(list.body()).contains("backup script", token.substring(0, 10));
        assertThat(list.body()).doesNotContain(token);
        assertThat(list.body()).contains("2026-");

        Matcher revoke =
                Pattern.compile("action=\"(/account/tokens/\\d+/revoke)\"").matcher(list.body());
        assertThat(revoke.find()).isTrue();
        Browser.Page revoked = b.post(revoke.group(1), form("_csrf", list.csrf()));
        assertThat(revoked.status()).isEqualTo(303);
        assertThat(b.follow(revoked).body()).contains("The token is revoked");
        assertThat(h.send("GET", "/api/v1/me", Optional.empty(), new ApiHarness.As.Bearer(token))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aScopeAboveOnesRoleIsRefusedEvenWhenTheFormIsForged() {
        Browser b = signedIn("vicky", Role.VIEWER);
        String csrf = b.get("/account").csrf();
        Browser.Page p = b.post("/account/tokens", form("_csrf", csrf, "name", "too much", "scope", "admin"));
        assertThat(p.status()).isEqualTo(422);
        assertThat(p.body()).contains("A viewer cannot make a token with scope admin.");
        assertThat(p.body()).contains("value=\"too much\"");
    }

    @Test
    void aViewerIsRefusedTheAdminPagesInWordsAndAnAnonymousVisitorIsSentToSignIn() {
        Browser viewer = signedIn("val", Role.VIEWER);
        Browser.Page refused = viewer.get("/admin/users");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("text/html");
        assertThat(refused.body()).contains("Problem:", "Only admins can do this.");
        assertThat(refused.body()).doesNotContain("href=\"/admin/users\"");

        Browser anonymous = browser();
        Browser.Page sent = anonymous.get("/admin/users");
        assertThat(sent.status()).isEqualTo(303);
        assertThat(sent.location()).hasValue("/login?next=%2Fadmin%2Fusers");
        assertThat(anonymous.follow(sent).body()).contains("name=\"next\" value=\"/admin/users\"");
        // The API keeps answering as an API.
        Browser.Page api = anonymous.get("/api/v1/me");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.get("/metrics").contentType()).startsWith("application/problem+json");
    }

    @Test
    void afterSigningInTheVisitorIsBroughtBackWhereTheyWereGoing() {
        person("adele", Role.ADMIN);
        Browser b = browser();
        Browser.Page login = b.follow(b.get("/admin/teams"));
        Browser.Page in = b.post(
                "/login",
                form("_csrf", login.csrf(), "name", "adele", "password", NEW_PASSWORD, "next", "/admin/teams"));
        assertThat(in.location()).hasValue("/admin/teams");
        assertThat(b.follow(in).body()).contains("<h1>Teams</h1>");
    }

    @Test
    void aNextAddressOfAnotherSiteIsNotFollowed() {
        person("nina", Role.VIEWER);
        for (String next : List.of(
                "//evil.example", "/\\evil.example", "https://evil.example/", "/ /evil.example", "javascript:x")) {
            Browser b = browser();
            String csrf = b.get(
                            "/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8))
                    .csrf();
            Browser.Page in =
                    b.post("/login", form("_csrf", csrf, "name", "nina", "password", NEW_PASSWORD, "next", next));
            assertThat(in.location()).as(next).hasValue("/");
        }
        assertThat(SignInPages.localPath("/admin/users?x=1")).hasValue("/admin/users?x=1");
        assertThat(SignInPages.localPath("//evil.example")).isEmpty();
        assertThat(SignInPages.localPath("/\\evil.example")).isEmpty();
    }

    @Test
    void anAdminAddsAUserAndSeesTheOneTimePasswordWhichWorksOnce() {
        Browser admin = signedIn("ada", Role.ADMIN);
        Browser.Page users = admin.get("/admin/users");
        assertThat(users.body()).contains("<h1>Users</h1>", "ada");
        Browser.Page added = admin.post(
                "/admin/users", form("_csrf", users.csrf(), "name", "Paula", "role", "responder", "teams", "it, ops"));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.body()).contains("User paula added", "Copy it now:");
        String password = added.valueOf("secret");
        assertThat(password).hasSize(20);
        User paula = h.accounts.store().user("paula").orElseThrow();
        assertThat(paula.role()).isEqualTo(Role.RESPONDER);
        assertThat(paula.teams()).containsExactlyInAnyOrder("it", "ops");
        assertThat(admin.get("/admin/users").body())
                .contains("has a one-time password")
                .doesNotContain(password);

        Browser.Page again =
                admin.post("/admin/users", form("_csrf", users.csrf(), "name", "paula", "role", "viewer", "teams", ""));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("A user named \"paula\" exists already.");

        Browser p = browser();
        Browser.Page in =
                p.post("/login", form("_csrf", p.get("/login").csrf(), "name", "paula", "password", password));
        assertThat(in.location()).hasValue("/account/password?notice=one-time");
        assertThat(h.accounts.store().auditLog(Optional.empty(), Optional.empty(), 50))
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("user.create");
                    assertThat(e.actor()).isEqualTo("ada");
                    assertThat(e.target()).hasValue("paula");
                });
    }

    @Test
    void anAdminEditsResetsAndDeletesAUserOnlyWithTheBoxTicked() {
        Browser admin = signedIn("ada", Role.ADMIN);
        h.user("rob", Role.VIEWER, List.of());
        Browser.Page page = admin.get("/admin/users/rob");
        assertThat(page.status()).isEqualTo(200);
        String csrf = page.csrf();

        Browser.Page saved = admin.post(
                "/admin/users/rob", form("_csrf", csrf, "role", "responder", "teams", "finance", "disabled", "yes"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(admin.follow(saved).body()).contains("The user is saved.", "disabled: cannot sign in");
        User rob = h.accounts.store().user("rob").orElseThrow();
        assertThat(rob.role()).isEqualTo(Role.RESPONDER);
        assertThat(rob.disabled()).isTrue();

        Browser.Page reset = admin.post("/admin/users/rob/password", form("_csrf", csrf));
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body()).contains("New one-time password for rob");
        assertThat(reset.valueOf("secret")).hasSize(20);

        Browser.Page unticked = admin.post("/admin/users/rob/delete", form("_csrf", csrf));
        assertThat(unticked.status()).isEqualTo(422);
        assertThat(unticked.body()).contains("tick the box that confirms it");
        assertThat(h.accounts.store().user("rob")).isPresent();

        Browser.Page deleted = admin.post("/admin/users/rob/delete", form("_csrf", csrf, "confirm", "rob"));
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(admin.follow(deleted).body()).contains("The user is deleted");
        assertThat(h.accounts.store().user("rob")).isEmpty();
        assertThat(admin.get("/admin/users/rob").status()).isEqualTo(404);
    }

    @Test
    void theLastAdminCannotBeDemotedAndThePageSaysWhy() {
        Browser admin = signedIn("ada", Role.ADMIN);
        for (User u : h.accounts.store().users()) {
            if (u.role() == Role.ADMIN && !u.name().equals("ada")) {
                h.accounts.updateUser(u.name(), Role.VIEWER, u.teams(), u.disabled());
            }
        }
        String csrf = admin.get("/admin/users/ada").csrf();
        Browser.Page p = admin.post("/admin/users/ada", form("_csrf", csrf, "role", "viewer", "teams", ""));
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.body()).contains("\"ada\" is the last admin; make another admin first.");
    }

    @Test
    void teamsAreAddedAndDeletedAndTheAuditPageListsTheChanges() {
        Browser admin = signedIn("ada", Role.ADMIN);
        String csrf = admin.get("/admin/teams").csrf();
        Browser.Page added = admin.post("/admin/teams", form("_csrf", csrf, "name", "night-shift"));
        assertThat(admin.follow(added).body()).contains("The team is added.", "night-shift");
        Browser.Page bad = admin.post("/admin/teams", form("_csrf", csrf, "name", "<b>"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("value=\"&lt;b").doesNotContain("<b>");
        Browser.Page unticked = admin.post("/admin/teams/night-shift/delete", form("_csrf", csrf));
        assertThat(unticked.status()).isEqualTo(422);
        Browser.Page deleted =
                admin.post("/admin/teams/night-shift/delete", form("_csrf", csrf, "confirm", "night-shift"));
        assertThat(admin.follow(deleted).body()).contains("The team is deleted");
        assertThat(h.accounts.store().teams()).doesNotContain("night-shift");

        Browser.Page audit = admin.get("/admin/audit");
        assertThat(audit.body())
                .contains("team.create", "team.delete", "night-shift", "session.start")
                .contains("href=\"/api/v1/audit?format=jsonl&amp;limit=10000\"");
        Browser.Page export = admin.get("/api/v1/audit?format=jsonl&limit=10000");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body()).contains("\"action\":\"team.delete\"");
    }

    @Test
    void whatPeopleTypeIsEscapedNeverRun() {
        Browser b = signedIn("eve", Role.RESPONDER);
        String csrf = b.get("/account").csrf();
        String evil = "<script>alert(1)</script>\" onmouseover=\"x";
        Browser.Page made = b.post("/account/tokens", form("_csrf", csrf, "name", evil, "scope", "read"));
        assertThat(made.status()).isEqualTo(200);
        Browser.Page list = b.get("/account");
        assertThat(list.body()).doesNotContain("<script>alert(1)</script>");
        // Inside a tag the quote is escaped too, so the name cannot add an attribute.
        assertThat(list.body()).doesNotContainPattern("<[^>]*\\sonmouseover=");
        assertThat(list.body()).contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;", "&#34; onmouseover=&#34;x");
    }

    @Test
    void signingOutEndsTheSession() {
        Browser b = signedIn("sam", Role.VIEWER);
        String cookie = b.cookie(Accounts.SESSION_COOKIE).orElseThrow();
        Browser.Page out = b.post("/logout", form("_csrf", b.get("/account").csrf()));
        assertThat(out.status()).isEqualTo(303);
        assertThat(b.follow(out).body()).contains("You are signed out.");
        assertThat(h.accounts.session(cookie)).isEmpty();
        assertThat(b.get("/account").location()).hasValue("/login?next=%2Faccount");
    }

    @Test
    void theStylesheetIsServedFromTheJarAndKeptByBrowsersOnlyWithItsDigest() {
        Browser b = browser();
        Matcher m = Pattern.compile("href=\"(/assets/vitals\\.css\\?v=[0-9a-f]+)\"")
                .matcher(b.get("/login").body());
        assertThat(m.find()).isTrue();
        Browser.Page css = b.get(m.group(1));
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).contains("prefers-color-scheme: dark");
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(b.get("/assets/vitals.css").headers().firstValue("Cache-Control"))
                .hasValue("no-cache");
        assertThat(b.get("/assets/secret.properties").status()).isEqualTo(404);
        assertThat(b.get("/assets/..%2Fjte%2FJteloginGenerated.class").status()).isEqualTo(404);
    }

    @Test
    void anUnknownPageIsAnHtmlNotFoundAndAnUnknownApiPathStaysAProblem() {
        Browser b = browser();
        Browser.Page page = b.get("/no/such/page");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Problem:", "/no/such/page not found");
        Browser.Page api = b.get("/api/v1/no-such-thing");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aTokenCannotUseThePagesThatNeedThePerson() {
        User ada = person("ada", Role.ADMIN);
        String token =
                h.accounts.addToken(ada, "pages", Scope.ADMIN, Optional.empty()).value();
        ApiHarness.Answer a = h.send("GET", "/account", Optional.empty(), new ApiHarness.As.Bearer(token));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.contentType()).startsWith("text/html");
    }

    /** A 6-digit code the app does not show now, nor a step before or after (those are accepted too). */
    private static String wrongCode(String secret) {
        java.time.Instant now = h.clock.instant();
        List<String> right = List.of(
                Totp.codeAt(secret, now.minus(Totp.STEP)),
                Totp.codeAt(secret, now),
                Totp.codeAt(secret, now.plus(Totp.STEP)));
        for (int i = 0; ; i++) {
            String code = String.format("%06d", i * 111_111 % 1_000_000);
            if (!right.contains(code)) {
                return code;
            }
        }
    }

    private static final Pattern HIDDEN_SECRET = Pattern.compile("name=\"secret\" value=\"([A-Z2-7]+)\"");

    @Test
    void aSecondFactorIsSetUpWithAFirstCodeAndThenSigningInAsksForIt() {
        Browser b = signedIn("felix", Role.VIEWER);
        Browser.Page account = b.get("/account");
        assertThat(account.body()).contains("<strong>Not set:</strong>", "action=\"/account/totp\"");

        Browser.Page setUp = b.post("/account/totp", form("_csrf", account.csrf()));
        assertThat(setUp.status()).as(setUp.body()).isEqualTo(200);
        assertThat(setUp.headers().firstValue("Cache-Control")).hasValue("no-store");
        Matcher hidden = HIDDEN_SECRET.matcher(setUp.body());
        assertThat(hidden.find()).isTrue();
        String secret = hidden.group(1);
        assertThat(secret).hasSize(32);
        // The key in blocks of four to type, and the link an app on the same phone opens.
        assertThat(setUp.body())
                .contains("<code class=\"secret\">" + secret.substring(0, 4) + " " + secret.substring(4, 8) + " ")
                .contains("<code class=\"secret\">" + Format.groups(secret, 4) + "</code>")
                .contains("href=\"otpauth://totp/Vitals:felix?secret=" + secret + "&amp;issuer=Vitals\"")
                .contains("otpauth://totp/Vitals:felix?secret=" + secret + "&amp;issuer=Vitals</code>")
                .contains(
                        "autocomplete=\"one-time-code\"", "inputmode=\"numeric\"", "action=\"/account/totp/confirm\"");
        // Nothing is stored until a code proves the app has the key.
        assertThat(h.accounts.store().user("felix").orElseThrow().hasSecondFactor())
                .isFalse();

        Browser.Page wrong = b.post(
                "/account/totp/confirm", form("_csrf", setUp.csrf(), "secret", secret, "code", wrongCode(secret)));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains("Problem:", "That code is not right.", "value=\"" + secret + "\"");
        assertThat(h.accounts.store().user("felix").orElseThrow().hasSecondFactor())
                .isFalse();

        String code = Totp.codeAt(secret, h.clock.instant());
        Browser.Page on = b.post("/account/totp/confirm", form("_csrf", setUp.csrf(), "secret", secret, "code", code));
        assertThat(on.status()).as(on.body()).isEqualTo(303);
        assertThat(on.location()).hasValue("/account?notice=second-factor-on");
        assertThat(b.follow(on).body())
                .contains("Done:", "Your second factor is on")
                .contains("<strong>Set:</strong>", "action=\"/account/totp/remove\"");
        assertThat(h.accounts.store().user("felix").orElseThrow().totpSecret()).hasValue(secret);
        assertThat(h.accounts.store().auditLog(Optional.empty(), Optional.empty(), 50))
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("user.second_factor");
                    assertThat(e.target()).hasValue("felix");
                    assertThat(e.detail()).containsEntry("set", true);
                });

        Browser later = browser();
        String csrf = later.get("/login").csrf();
        Browser.Page ask = later.post("/login", form("_csrf", csrf, "name", "felix", "password", NEW_PASSWORD));
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("id=\"code\"");
        assertThat(later.cookie(Accounts.SESSION_COOKIE)).isEmpty();
        // The code that turned it on is used; the app's next one signs in.
        h.clock.advance(Totp.STEP);
        Browser.Page in = later.post(
                "/login",
                form(
                        "_csrf",
                        csrf,
                        "name",
                        "felix",
                        "password",
                        NEW_PASSWORD,
                        "code",
                        Totp.codeAt(secret, h.clock.instant())));
        assertThat(in.status()).as(in.body()).isEqualTo(303);
        assertThat(later.cookie(Accounts.SESSION_COOKIE)).isPresent();
    }

    @Test
    void aSecondFactorCannotBeSwappedWithoutTurningTheOldOneOffFirst() {
        Browser b = signedIn("gus", Role.VIEWER);
        String csrf = b.get("/account").csrf();
        User gus = person("gus", Role.VIEWER);
        h.accounts.store().setTotp(gus.uid(), Optional.of("JBSWY3DPEHPK3PXP"), OptionalLong.empty(), h.clock.instant());
        Browser.Page again = b.post("/account/totp", form("_csrf", csrf));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("Problem:", "has a second factor already");
        String mine = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        Browser.Page swapped = b.post(
                "/account/totp/confirm",
                form("_csrf", csrf, "secret", mine, "code", Totp.codeAt(mine, h.clock.instant())));
        assertThat(swapped.status()).isEqualTo(409);
        assertThat(h.accounts.store().user("gus").orElseThrow().totpSecret()).hasValue("JBSWY3DPEHPK3PXP");
    }

    @Test
    void someoneWhoSignsInOnlyWithSingleSignOnIsNotOfferedASecondFactorThatWouldGuardNothing() {
        User kim = h.accounts
                .store()
                .user("kim")
                .orElseGet(() -> h.accounts.addSsoUser("kim", Role.VIEWER, List.of(), "https://idp.example#kim"));
        ApiHarness.As.Browser session = h.session(kim);
        ApiHarness.Answer account = h.send("GET", "/account", Optional.empty(), session);
        assertThat(account.body()).contains("Not set here:").doesNotContain("action=\"/account/totp\"");
        ApiHarness.Answer refused = h.send("POST", "/account/totp", Optional.empty(), session);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body())
                .contains("Problem:", "signs in with single sign-on")
                .doesNotContain("otpauth://");
    }

    @Test
    void aSecondFactorIsTurnedOffWithThePasswordAndNotWithAWrongOne() {
        Browser b = signedIn("hanna", Role.RESPONDER);
        User hanna = person("hanna", Role.RESPONDER);
        h.accounts
                .store()
                .setTotp(hanna.uid(), Optional.of("JBSWY3DPEHPK3PXP"), OptionalLong.empty(), h.clock.instant());
        Browser.Page account = b.get("/account");
        assertThat(account.body())
                .contains("Turn off the second factor", "id=\"off-code\"", "id=\"off-password\"")
                .doesNotContain("action=\"/account/totp\"");

        Browser.Page nothing =
                b.post("/account/totp/remove", form("_csrf", account.csrf(), "code", "", "password", ""));
        assertThat(nothing.status()).isEqualTo(422);
        assertThat(nothing.body())
                .contains("Problem:", "Give a current code from your authenticator app, or your password.");
        Browser.Page wrong =
                b.post("/account/totp/remove", form("_csrf", account.csrf(), "password", "not the password"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).doesNotContain("not the password");
        assertThat(h.accounts.store().user("hanna").orElseThrow().hasSecondFactor())
                .isTrue();

        Browser.Page off = b.post("/account/totp/remove", form("_csrf", account.csrf(), "password", NEW_PASSWORD));
        assertThat(off.status()).as(off.body()).isEqualTo(303);
        assertThat(b.follow(off).body()).contains("Done:", "Your second factor is off", "<strong>Not set:</strong>");
        assertThat(h.accounts.store().user("hanna").orElseThrow().hasSecondFactor())
                .isFalse();
        assertThat(h.accounts.store().auditLog(Optional.empty(), Optional.empty(), 50))
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("user.second_factor");
                    assertThat(e.target()).hasValue("hanna");
                    assertThat(e.detail()).containsEntry("set", false);
                });
        Browser.Page twice = b.post("/account/totp/remove", form("_csrf", account.csrf(), "password", NEW_PASSWORD));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("Your account has no second factor to turn off.");
    }

    @Test
    void anAdminRemovesTheSecondFactorOfSomeoneWhoLostTheirPhone() {
        Browser admin = signedIn("ada", Role.ADMIN);
        User ivo = person("ivo", Role.VIEWER);
        Browser.Page without = admin.get("/admin/users/ivo");
        assertThat(without.body()).doesNotContain("Remove second factor");
        h.accounts.store().setTotp(ivo.uid(), Optional.of("JBSWY3DPEHPK3PXP"), OptionalLong.empty(), h.clock.instant());

        Browser.Page page = admin.get("/admin/users/ivo");
        assertThat(page.body()).contains("action=\"/admin/users/ivo/totp/remove\"", "Remove second factor");
        Browser.Page removed = admin.post("/admin/users/ivo/totp/remove", form("_csrf", page.csrf()));
        assertThat(removed.status()).isEqualTo(303);
        assertThat(removed.location()).hasValue("/admin/users/ivo?notice=second-factor-removed");
        assertThat(admin.follow(removed).body()).contains("Done:", "The second factor is removed");
        assertThat(h.accounts.store().user("ivo").orElseThrow().hasSecondFactor())
                .isFalse();
        assertThat(h.accounts.store().auditLog(Optional.empty(), Optional.empty(), 50))
                .anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("user.second_factor_reset");
                    assertThat(e.actor()).isEqualTo("ada");
                    assertThat(e.target()).hasValue("ivo");
                });
        Browser.Page again = admin.post("/admin/users/ivo/totp/remove", form("_csrf", page.csrf()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("ivo has no second factor to remove.");

        Browser viewer = signedIn("val", Role.VIEWER);
        h.accounts.store().setTotp(ivo.uid(), Optional.of("JBSWY3DPEHPK3PXP"), OptionalLong.empty(), h.clock.instant());
        Browser.Page refused = viewer.post(
                "/admin/users/ivo/totp/remove",
                form("_csrf", viewer.get("/account").csrf()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(h.accounts.store().user("ivo").orElseThrow().hasSecondFactor())
                .isTrue();
    }

    @Test
    void theSecondFactorFormsRefuseAPostWithoutItsCsrfField() {
        Browser admin = signedIn("ada", Role.ADMIN);
        Browser b = signedIn("jon", Role.VIEWER);
        User jon = person("jon", Role.VIEWER);
        String secret = "JBSWY3DPEHPK3PXP";
        String code = Totp.codeAt(secret, h.clock.instant());
        assertThat(b.post("/account/totp", form()).status()).isEqualTo(403);
        assertThat(b.post("/account/totp/confirm", form("secret", secret, "code", code))
                        .status())
                .isEqualTo(403);
        assertThat(b.post("/account/totp/confirm", form("_csrf", "forged", "secret", secret, "code", code))
                        .status())
                .isEqualTo(403);
        assertThat(h.accounts.store().user("jon").orElseThrow().hasSecondFactor())
                .isFalse();

        h.accounts.store().setTotp(jon.uid(), Optional.of(secret), OptionalLong.empty(), h.clock.instant());
        assertThat(b.post("/account/totp/remove", form("password", NEW_PASSWORD))
                        .status())
                .isEqualTo(403);
        assertThat(admin.post("/admin/users/jon/totp/remove", form()).status()).isEqualTo(403);
        assertThat(h.accounts.store().user("jon").orElseThrow().hasSecondFactor())
                .isTrue();
    }

    @Test
    void theSignInPageShowsWhySingleSignOnFailedAsTextOnly() {
        Browser b = browser();
        // A reason in the address is not shown: anyone could write a link with any words.
        assertThat(b.get("/login?sso_error=lies").body()).doesNotContain("lies");
        b.setCookie(dev.vitals.api.SsoRoutes.ERROR_COOKIE, "%3Cscript%3Ex%3C%2Fscript%3E", "/login");
        Browser.Page p = b.get("/login?name=%3Cb%3Emallory");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body())
                .contains("Problem:</strong> Single sign-on did not work: &lt;script&gt;x&lt;/script&gt;.")
                .doesNotContain("<script>x")
                .doesNotContain("mallory");
        String longReason = "a".repeat(1000);
        assertThat(b.get("/login").body()).as("shown once").doesNotContain("Single sign-on did not work");
        b.setCookie(dev.vitals.api.SsoRoutes.ERROR_COOKIE, longReason, "/login");
        Browser.Page cut = b.get("/login");
        assertThat(cut.body()).contains("did not work: A" + "a".repeat(299) + "</p>");
        assertThat(SignInPages.ssoError("the provider said \u202Eno\u0000"))
                .containsExactly(Message.problem("Single sign-on did not work: The provider said  no."));
        assertThat(SignInPages.ssoError(" ")).isEmpty();
    }

    /** What every page promises, checked on every page any test was given. */
    @AfterEach
    void everyPageKeepsItsPromises() {
        for (Browser b : browsers) {
            for (Browser.Page p : b.seen()) {
                if (!p.contentType().startsWith("text/html")) {
                    continue;
                }
                String html = p.body();
                assertThat(p.headers().firstValue("Content-Security-Policy"))
                        .as(p.path())
                        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'", "style-src 'self'"));
                assertThat(p.headers().firstValue("Cache-Control")).as(p.path()).hasValue("no-store");
                assertThat(html).as(p.path()).contains("<meta name=\"viewport\"", "<title>");
                assertThat(html).as(p.path()).doesNotContainPattern("(?i)<script(?![^>]*\\ssrc=)");
                // Inside tags only: text may say anything, escaped.
                assertThat(html).as(p.path()).doesNotContainPattern("(?i)<style|<[^>]*\\s(style|on[a-z]+)=");
                Matcher form =
                        Pattern.compile("(?s)<form method=\"post\".*?</form>").matcher(html);
                while (form.find()) {
                    assertThat(form.group()).as(p.path() + " form").contains("name=\"_csrf\" value=\"");
                }
                Matcher input = Pattern.compile("<(?:input|select)[^>]*\\sid=\"([^\"]+)\"")
                        .matcher(html);
                while (input.find()) {
                    assertThat(html)
                            .as(p.path() + ": a label for #" + input.group(1))
                            .contains("for=\"" + input.group(1) + "\"");
                }
            }
        }
    }
}

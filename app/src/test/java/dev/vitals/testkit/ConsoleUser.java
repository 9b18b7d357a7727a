package dev.vitals.testkit;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person who signs in to the console of a Vitals started by a test, as a real one does: an admin
 * made on the command line ({@code vitals user add --admin}) gets a one-time password, signs in with
 * it on {@code /login}, is sent to choose a password of their own, and is then in.
 */
public final class ConsoleUser {
    private static final Pattern ONE_TIME = Pattern.compile("One-time password: (\\S+)");

    private final String name;
    private final String oneTimePassword;
    private final String password;

    private ConsoleUser(String name, String oneTimePassword) {
        this.name = name;
        this.oneTimePassword = oneTimePassword;
        this.password = "a long passphrase for " + name + " in the browser";
    }

    /**
     * Adds an admin called {@code name} to the data folder {@code data}, with the jar's {@code user
     * add}; run it before {@code vitals serve} starts on that folder.
     */
    public static ConsoleUser addAdmin(Path data, String name) {
        VitalsProcess.Run add = VitalsProcess.run("user", "add", "--admin", name, "--data", data.toString());
        if (add.exitCode() != 0) {
            throw new IllegalStateException(
                    "vitals user add --admin " + name + " exited with " + add.exitCode() + ":\n" + add.stderr());
        }
        Matcher m = ONE_TIME.matcher(add.stdout());
        if (!m.find()) {
            throw new IllegalStateException("vitals user add printed no one-time password:\n" + add.stdout());
        }
        return new ConsoleUser(name, m.group(1));
    }

    public String name() {
        return name;
    }

    /**
     * Signs {@code chrome} in to the Vitals at {@code base} through its pages: the sign-in form with
     * the one-time password, then the forced password change. Returns once the browser is past both.
     */
    public void signIn(Chrome chrome, String base) {
        chrome.open(base + "/login");
        chrome.find("#name").sendKeys(name);
        chrome.find("#password").sendKeys(oneTimePassword);
        chrome.find("form[action='/login'] button[type=submit]").click();
        awaitPath(chrome, "/account/password", "the password change after signing in with a one-time password");
        chrome.find("#current").sendKeys(oneTimePassword);
        chrome.find("#new").sendKeys(password);
        chrome.find("#repeat").sendKeys(password);
        chrome.find("form[action='/account/password'] button[type=submit]").click();
        try {
            chrome.until(
                    "leaving the password page after changing the one-time password",
                    Chrome.WAIT,
                    d -> !chrome.pathAndQuery().startsWith("/account/password"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + problemOn(chrome), e);
        }
    }

    private static void awaitPath(Chrome chrome, String path, String what) {
        try {
            chrome.until(what, Chrome.WAIT, d -> chrome.pathAndQuery().startsWith(path));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + problemOn(chrome), e);
        }
    }

    /** The problem message the page shows, if any, to make a failed sign-in say why. */
    private static String problemOn(Chrome chrome) {
        return chrome.findAll(".msg-problem").stream()
                .map(e -> " (the page says: " + e.getText() + ")")
                .findFirst()
                .orElse("");
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.vitals.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.Optional;

/**
 * Password hashing with Argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane) and the rules a new
 * password must meet. The hash string holds its own parameters, so stronger settings later still
 * verify old hashes.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 10;
    /** Hashing cost grows with length; a limit keeps a huge "password" from tying up a core. */
    public static final int MAX_LENGTH = 256;

    /**
     * At most this many hashes at once: each takes 19 MiB and a core for a while, and a burst of
     * sign-ins must queue rather than take all the memory.
     */
    private static final java.util.concurrent.Semaphore AT_ONCE =
            new java.util.concurrent.Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);

    private static final Argon2Function ARGON = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);
    // Verified against when the user does not exist, so that the answer takes as long either way.
    private static final String DUMMY = hash("not-a-real-password-0123456789");

    private Passwords() {}

    public static String hash(String password) {
        return limited(
                () -> Password.hash(password).addRandomSalt(16).with(ARGON).getResult());
    }

    private static <T> T limited(java.util.function.Supplier<T> work) {
        AT_ONCE.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            AT_ONCE.release();
        }
    }

    public static boolean verify(String password, Optional<String> hash) {
        if (password.length() > MAX_LENGTH) {
            return false;
        }
        String h = hash.orElse(DUMMY);
        boolean ok;
        try {
            ok = limited(() -> Password.check(password, h).with(Argon2Function.getInstanceFromHash(h)));
        } catch (RuntimeException e) {
            ok = false; // a damaged hash in the database refuses, never signs in
        }
        return ok && hash.isPresent();
    }

    /** Why {@code password} cannot be used, in words, or empty when it can. */
    public static Optional<String> weakness(String password, String userName) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("a password can have at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals(userName) || (userName.length() >= 4 && lower.contains(userName))) {
            return Optional.of("a password must not contain the user name");
        }
        if (password.chars().distinct().count() < 4) {
            return Optional.of("a password needs more than a few different characters");
        }
        return Optional.empty();
    }
}

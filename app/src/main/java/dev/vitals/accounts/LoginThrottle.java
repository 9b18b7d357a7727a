package dev.vitals.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing: after {@code perAccount} failed sign-ins to one account, or {@code
 * perAddress} from one address, within {@code window}, further attempts are refused until the oldest
 * failure leaves the window. A success clears the account's count. Kept in memory per node: a
 * restart forgives, which is acceptable for a limit meant against scripted guessing.
 */
public final class LoginThrottle {
    private static final int MAX_KEYS = 100_000;

    private final InstantSource clock;
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public LoginThrottle(InstantSource clock, int perAccount, int perAddress, Duration window) {
        this.clock = clock;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
    }

    public static LoginThrottle standard(InstantSource clock) {
        return new LoginThrottle(clock, 5, 20, Duration.ofMinutes(15));
    }

    /**
     * Starts a sign-in attempt: how long to wait first, or empty when it may be made now, in which case
     * it already counts as failed until {@link #succeeded} says otherwise. Counting it up front means
     * parallel guesses cannot all pass the check before any of them is counted.
     */
    public synchronized Optional<Duration> attempt(String account, String address) {
        Instant now = clock.instant();
        Optional<Duration> a = waitFor(accountKey(account), perAccount, now);
        Optional<Duration> b = waitFor("a:" + address, perAddress, now);
        if (a.isPresent() || b.isPresent()) {
            Duration wa = a.orElse(Duration.ZERO);
            Duration wb = b.orElse(Duration.ZERO);
            return Optional.of(wa.compareTo(wb) >= 0 ? wa : wb);
        }
        failures.computeIfAbsent(accountKey(account), k -> new ArrayDeque<>()).addLast(now);
        failures.computeIfAbsent("a:" + address, k -> new ArrayDeque<>()).addLast(now);
        return Optional.empty();
    }

    /** The attempt was right: the account starts afresh, and the address gets its attempt back. */
    public synchronized void succeeded(String account, String address) {
        failures.remove(accountKey(account));
        Deque<Instant> d = failures.get("a:" + address);
        if (d != null) {
            d.pollLast();
            if (d.isEmpty()) {
                failures.remove("a:" + address);
            }
        }
    }

    private static String accountKey(String account) {
        return "u:" + account.toLowerCase(java.util.Locale.ROOT);
    }

    private Optional<Duration> waitFor(String key, int limit, Instant now) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return Optional.empty();
        }
        Instant horizon = now.minus(window);
        while (!d.isEmpty() && !d.peekFirst().isAfter(horizon)) {
            d.pollFirst();
        }
        if (d.isEmpty()) {
            failures.remove(key);
            return Optional.empty();
        }
        if (d.size() < limit) {
            return Optional.empty();
        }
        // Wait until enough failures have left the window to allow one more attempt.
        Instant oldestThatMustLeave =
                d.stream().skip(d.size() - limit).findFirst().orElseThrow();
        return Optional.of(Duration.between(now, oldestThatMustLeave.plus(window)));
    }
}

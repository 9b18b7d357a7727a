package dev.vitals.checks;

import dev.vitals.checks.db.RedisChecker;
import dev.vitals.checks.db.SqlChecker;
import dev.vitals.checks.http.HttpChecker;
import dev.vitals.checks.net.DnsChecker;
import dev.vitals.checks.net.TcpChecker;
import dev.vitals.checks.net.TlsChecker;
import java.time.InstantSource;

/** The checkers Vitals runs with: one real network checker per kind of target. */
public final class StandardCheckers {
    private StandardCheckers() {}

    /** Makes the checkers; close the result with {@link Checkers#close()} when Vitals stops. */
    public static Checkers create(InstantSource clock) {
        Checkers checkers = new Checkers(
                new HttpChecker(clock),
                new TcpChecker(),
                new DnsChecker(),
                new TlsChecker(clock),
                new SqlChecker(),
                new RedisChecker());
        WarmUp.run(checkers);
        return checkers;
    }
}

package dev.vitals.accounts;

import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every change, who made it, when and from where. Details never hold secrets: callers
 * pass what changed by name ("password", "secrets set"), not values.
 */
public final class Audit {
    private static final Logger LOG = LoggerFactory.getLogger("dev.vitals.audit");

    private final AccountStore store;
    private final InstantSource clock;

    public Audit(AccountStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public void record(
            Caller by, Optional<String> address, String action, Optional<String> target, Map<String, Object> detail) {
        record(by.name(), address, action, target, detail);
    }

    /** A change not made by a signed-in person: the configuration file, the command line. */
    public void record(
            String actor,
            Optional<String> address,
            String action,
            Optional<String> target,
            Map<String, Object> detail) {
        LOG.info(
                "audit: {} {} {}{}",
                actor,
                action,
                target.orElse("-"),
                address.map(a -> " from " + a).orElse(""));
        try {
            store.audit(clock.instant(), actor, action, target, detail, address);
        } catch (RuntimeException e) {
            // The change itself was made; losing its audit row is logged loudly rather than undoing it.
            LOG.error("could not write the audit entry for {} {} {}", actor, action, target.orElse("-"), e);
        }
    }
}

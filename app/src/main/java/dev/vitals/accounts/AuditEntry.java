package dev.vitals.accounts;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One change: who, when, what (an action such as {@code monitor.update} and its target), from where. */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String action,
        Optional<String> target,
        Map<String, Object> detail,
        Optional<String> address) {}

package dev.vitals.monitors;

import java.util.List;
import java.util.Map;

/**
 * What a monitor checks. One record per kind; the set is closed so that every switch over kinds is
 * checked by the compiler when a kind is added.
 */
public sealed interface Target permits HttpTarget, TcpTarget, DnsTarget, TlsTarget, SqlTarget, RedisTarget, PushTarget {
    /** The {@code kind} word used in configuration, such as {@code http}. */
    String kind();

    /** A short description of what is checked, for people: {@code GET https://intranet/health}. */
    String describe();

    /**
     * Writes the target's keys as they are written in configuration, into {@code out}. Secrets are
     * left out; {@link #secretsSet()} names those that have a value.
     */
    void render(Map<String, Object> out);

    /** The secret keys that have a value, so that the API can say "set" without showing it. */
    default List<String> secretsSet() {
        return List.of();
    }
}

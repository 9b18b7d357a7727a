package dev.vitals.alerting;

import dev.vitals.store.Sql;
import dev.vitals.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The first stages, as an alert arrives: <b>dedup</b> (an alert that fires already is refreshed, not
 * added), <b>routing</b> (which receivers its labels lead to) and <b>grouping</b> (it joins, per
 * receiver, the group of alerts with the same values of the route's {@code group_by} labels, and the
 * group is made due according to its timings). All of it is one transaction: when {@link #fire}
 * returns, the alert and what it set in motion are rows.
 */
final class Ingest {
    private final AlertStore store;
    private final Supplier<Optional<Routing>> routing;
    private final InstantSource clock;

    Ingest(AlertStore store, Supplier<Optional<Routing>> routing, InstantSource clock) {
        this.store = store;
        this.routing = routing;
        this.clock = clock;
    }

    /** Fires {@code n}, or refreshes it when it fires already; returns the alert's id. */
    String fire(NewAlert n) {
        try {
            return store.db().write(c -> fire(c, n));
        } catch (StoreException e) {
            // Two nodes took the same new alert at once: the unique index let one in; this one is a refresh.
            return store.db().write(c -> fire(c, n));
        }
    }

    /**
     * Applies a sender's batch in one transaction: each {@link NewAlert} fires, each key with an
     * instant resolves. One commit for a whole request, however many alerts it holds.
     */
    void apply(List<NewAlert> fire, Map<AlertKey, Instant> resolve) {
        Sql.Work<Integer> work = c -> {
            for (NewAlert n : fire) {
                fire(c, n);
            }
            for (Map.Entry<AlertKey, Instant> r : resolve.entrySet()) {
                Optional<AlertRow> current = store.firing(c, r.getKey());
                if (current.isPresent()) {
                    resolve(c, current.get(), r.getValue());
                }
            }
            return fire.size() + resolve.size();
        };
        try {
            store.db().write(work);
        } catch (StoreException e) {
            // Another node took one of the new alerts at the same moment: the second pass refreshes it.
            store.db().write(work);
        }
    }

    private String fire(Connection c, NewAlert n) throws SQLException {
        Instant now = clock.instant();
        Optional<AlertRow> current = store.firing(c, n.key());
        if (current.isPresent()) {
            store.refresh(c, current.get().aid(), n, now);
            return current.get().aid();
        }
        String aid = UUID.randomUUID().toString();
        List<Routing.Destination> destinations =
                routing.get().map(r -> r.route(n.labels())).orElse(List.of());
        List<AlertRow.RouteTaken> taken = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        for (Routing.Destination d : destinations) {
            Group g = group(d, n.labels(), now);
            taken.add(new AlertRow.RouteTaken(d.receiver(), d.describe(), g.gid()));
            groups.add(g);
        }
        store.insert(
                c,
                new AlertRow(
                        aid,
                        n.key(),
                        n.source(),
                        n.monitorId(),
                        n.labels(),
                        n.annotations(),
                        true,
                        n.startsAt(),
                        n.expiresAt(),
                        now,
                        Optional.empty(),
                        n.link(),
                        taken));
        for (Group fresh : groups) {
            Group g = store.group(c, fresh);
            boolean quiet = !store.active(c, g.gid());
            store.join(c, g.gid(), aid);
            store.due(c, g.gid(), Optional.of(g.dueForChange(now, quiet)));
        }
        return aid;
    }

    /** Resolves the alert of {@code key} as of {@code at}; false when none fires. */
    boolean resolve(AlertKey key, Instant at) {
        return store.db().write(c -> {
            Optional<AlertRow> current = store.firing(c, key);
            return current.isPresent() && resolve(c, current.get(), at);
        });
    }

    /** Resolves alerts sent with an expiry that were not sent again in time. */
    int expire() {
        return store.db().write(c -> {
            int n = 0;
            for (AlertRow a : store.expired(c, clock.instant())) {
                if (resolve(c, a, a.endsAt().orElseThrow())) {
                    n++;
                }
            }
            return n;
        });
    }

    private boolean resolve(Connection c, AlertRow a, Instant at) throws SQLException {
        Instant now = clock.instant();
        if (!store.resolve(c, a.aid(), at, now)) {
            return false;
        }
        for (AlertStore.Membership m : store.memberships(c, a.aid())) {
            if (m.done()) {
                continue;
            }
            if (m.toldFiring()) {
                // Resolved always follows firing: the receiver that heard "firing" hears "resolved".
                store.due(c, m.group().gid(), Optional.of(m.group().dueForChange(now, false)));
            } else {
                store.done(c, m.group().gid(), a.aid());
            }
        }
        return true;
    }

    /** The group {@code labels} fall in at destination {@code d}. */
    private static Group group(Routing.Destination d, Map<String, String> labels, Instant now) {
        Map<String, String> by = new LinkedHashMap<>();
        for (String l : d.groupBy()) {
            if (l.equals("...")) {
                by.clear();
                by.putAll(new java.util.TreeMap<>(labels));
                break;
            }
            by.put(l, labels.getOrDefault(l, ""));
        }
        String gid = gid(d, by);
        return new Group(
                gid,
                d.receiver(),
                d.describe(),
                by,
                d.timings(),
                now,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                0);
    }

    private static String gid(Routing.Destination d, Map<String, String> by) {
        Map<String, String> id = new LinkedHashMap<>(by);
        id.put("\u0000receiver", d.receiver());
        id.put("\u0000route", d.describe());
        return "g-" + AlertKey.of("group", id).value().substring(0, 24);
    }
}

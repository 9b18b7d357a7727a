package dev.vitals.alerting;

import dev.vitals.notify.Event;
import dev.vitals.notify.Message;
import dev.vitals.notify.NewNotification;
import dev.vitals.notify.Outbox;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stages, when a group is due: the <b>mute stages</b> (dependencies, maintenance, silences)
 * are asked about each firing alert, and what is left is <b>notified</b>: one message per group, each
 * channel of the receiver formats it, and the notifications are written to the outbox in the same
 * transaction that records what the receiver was told. A group is due after {@code group_wait} for
 * its first news, at {@code group_interval} after a notification when there is more news, and at
 * {@code repeat_interval} when nothing changed but alerts still fire.
 *
 * <p>Claiming: the group's row is locked and its due time checked again inside the transaction, so of
 * two nodes flushing at once one finds it no longer due. A notification's idempotency key is the
 * group, its sequence number and the channel: a flush retried after a crash adds nothing twice.
 */
final class FlushGroups {
    private static final Logger LOG = LoggerFactory.getLogger(FlushGroups.class);
    /** How often to ask again about an alert muted by something with no known end. */
    static final Duration RECHECK_MUTED = Duration.ofSeconds(30);

    private static final int BATCH = 500;

    private final AlertStore store;
    private final Outbox outbox;
    private final List<MuteStage> stages;
    private final Supplier<AlertingSettings> settings;
    private final Render render;
    private final Supplier<URI> console;
    private final InstantSource clock;

    FlushGroups(
            AlertStore store,
            Outbox outbox,
            List<MuteStage> stages,
            Supplier<AlertingSettings> settings,
            Render render,
            Supplier<URI> console,
            InstantSource clock) {
        this.store = store;
        this.outbox = outbox;
        this.stages = List.copyOf(stages);
        this.settings = settings;
        this.render = render;
        this.console = console;
        this.clock = clock;
    }

    /** Flushes every group due now; returns how many notifications were written. */
    int runOnce() {
        int written = 0;
        // Batches until none is left due: a flushed group is due again only later (or never).
        for (int round = 0; round < 100; round++) {
            List<String> due = store.due(clock.instant(), BATCH);
            int failed = 0;
            for (String gid : due) {
                try {
                    written += store.db().write(c -> flush(c, gid, clock.instant()));
                } catch (RuntimeException e) {
                    // One bad group never stops the others; it stays due and is tried again.
                    LOG.warn("could not flush alert group {}: {}", gid, e.getMessage());
                    LOG.debug("flush of alert group {} failed", gid, e);
                    failed++;
                }
            }
            if (due.size() < BATCH || failed > 0) {
                break;
            }
        }
        return written;
    }

    /** The first stage that mutes {@code a} now, if any. */
    Optional<Mute> mute(AlertRow a, Instant now) {
        for (MuteStage s : stages) {
            Optional<Mute> m = s.check(a, now);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    private int flush(Connection c, String gid, Instant now) throws SQLException {
        Optional<Group> locked = store.lockDue(c, gid, now);
        if (locked.isEmpty()) {
            return 0; // another node flushed it, or it was made due later meanwhile
        }
        Group g = locked.get();
        List<AlertRow> firing = new ArrayList<>();
        List<AlertRow> resolved = new ArrayList<>();
        Optional<Instant> recheck = Optional.empty();
        for (Group.Member m : store.members(c, gid)) {
            AlertRow a = m.alert();
            if (a.firing()) {
                Optional<Mute> mute = mute(a, now);
                Optional<String> why = mute.map(Mute::reason);
                if (!why.equals(a.mutedBy())) {
                    store.muted(c, a.aid(), why);
                }
                if (mute.isEmpty()) {
                    firing.add(a);
                } else {
                    // At the mute's end, and at least every RECHECK_MUTED: a silence may be expired early,
                    // on this node or another.
                    Instant soonest = now.plus(RECHECK_MUTED);
                    Instant ask =
                            mute.get().until().filter(u -> u.isBefore(soonest)).orElse(soonest);
                    recheck = earliest(recheck, ask);
                }
            } else if (m.toldFiring()) {
                resolved.add(a);
            } else {
                store.done(c, gid, a.aid());
            }
        }
        List<String> ids = AlertStore.sortedIds(firing);
        boolean news = !ids.equals(g.sentFiring()) || !resolved.isEmpty();
        boolean repeat = !firing.isEmpty()
                && g.lastSentAt()
                        .map(t -> !now.isBefore(t.plus(g.repeatInterval())))
                        .orElse(true);
        int written = 0;
        Optional<Instant> lastSent = g.lastSentAt();
        if ((!firing.isEmpty() || !resolved.isEmpty()) && (news || repeat)) {
            Optional<Receiver> receiver = settings.get().receiver(g.receiver());
            if (receiver.isEmpty()) {
                LOG.warn("alert group {} is for receiver {}, which is no longer configured", gid, g.receiver());
                // Asked again later: a reload may bring the receiver back.
                recheck = earliest(recheck, now.plus(RECHECK_MUTED));
            } else {
                written = send(c, g, receiver.get(), firing, resolved, ids, now);
                lastSent = Optional.of(now);
            }
        } else if (firing.isEmpty() && !g.sentFiring().isEmpty()) {
            store.quiet(c, gid); // all it told as firing is muted now: telling it again when unmuted is news
        }
        // Still firing: due again to repeat; without a notification so far (no receiver), at the recheck.
        Optional<Instant> next = firing.isEmpty() ? Optional.empty() : lastSent.map(t -> t.plus(g.repeatInterval()));
        store.due(c, gid, earliest(next, recheck));
        return written;
    }

    private int send(
            Connection c,
            Group g,
            Receiver receiver,
            List<AlertRow> firing,
            List<AlertRow> resolved,
            List<String> ids,
            Instant now)
            throws SQLException {
        int seq = g.seq() + 1;
        Event event = firing.isEmpty() ? Event.RESOLVED : Event.FIRING;
        List<Message.Alert> alerts = new ArrayList<>();
        firing.forEach(a -> alerts.add(alert(a, Event.FIRING)));
        resolved.forEach(a -> alerts.add(alert(a, Event.RESOLVED)));
        Message message = new Message(receiver.name(), g.gid(), g.groupLabels(), event, alerts, console.get());
        int written = 0;
        for (Receiver.Target t : receiver.targets()) {
            String payload;
            try {
                payload = render.render(t, message);
            } catch (RuntimeException e) {
                LOG.warn(
                        "cannot format a {} notification for receiver {}: {}",
                        t.kind(),
                        receiver.name(),
                        e.getMessage());
                continue;
            }
            String nid = outbox.enqueue(
                    c,
                    new NewNotification(
                            g.gid() + "/" + seq + "/" + t.kind(),
                            receiver.name(),
                            t.kind(),
                            g.gid(),
                            event,
                            payload,
                            now));
            for (AlertRow a : firing) {
                store.sentOf(c, a.aid(), nid, "firing");
            }
            for (AlertRow a : resolved) {
                store.sentOf(c, a.aid(), nid, "resolved");
            }
            written++;
        }
        for (AlertRow a : firing) {
            store.told(c, g.gid(), a.aid());
        }
        for (AlertRow a : resolved) {
            store.done(c, g.gid(), a.aid());
        }
        store.sent(c, g.gid(), now, ids, seq);
        return written;
    }

    private Message.Alert alert(AlertRow a, Event status) {
        Optional<String> link = a.link();
        return new Message.Alert(
                a.aid(),
                a.key().value(),
                status,
                a.labels(),
                a.annotations(),
                a.summary(),
                a.startsAt(),
                status == Event.RESOLVED ? a.endsAt() : Optional.empty(),
                a.monitorId(),
                link);
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Instant b) {
        return Optional.of(a.filter(x -> x.isBefore(b)).orElse(b));
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        return b.isEmpty() ? a : earliest(a, b.get());
    }
}

package dev.vitals.alerting;

import dev.vitals.alerting.inbound.ExternalAlert;
import dev.vitals.evaluation.Evaluated;
import dev.vitals.evaluation.Flip;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.monitors.Monitor;
import dev.vitals.notify.Outbox;
import dev.vitals.silences.Candidate;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert pipeline, assembled:
 *
 * <pre>
 *  monitor flips ─┐
 *  integrations ──┴─▶ dedup ─▶ routing ─▶ grouping        (Ingest: as an alert arrives, one transaction)
 *
 *  group due ─▶ dependencies ─▶ maintenance ─▶ silences ─▶ notify: format per channel ─▶ outbox
 *                                                                  (FlushGroups: one transaction per group)
 * </pre>
 *
 * Every arrow ends in rows: an alert, its groups, the notifications. A loop makes due groups flush
 * (woken at once by news, so that {@code group_wait: 0} means now) and resolves alerts whose senders
 * stopped re-sending them; the {@link dev.vitals.notify.Dispatcher} sends what the outbox holds.
 */
public final class AlertPipeline implements Intake, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPipeline.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RECONCILE_EVERY = Duration.ofSeconds(30);
    /** After a flip could not be recorded: mend within this, not at the next 30 s round. */
    private static final Duration MEND_AFTER = Duration.ofSeconds(2);

    private final AlertStore store;
    private final Ingest ingest;
    private final FlushGroups flush;
    private final MonitorSource monitors;
    private final Runnable notified;
    private final InstantSource clock;
    private final Queue<Flip> flips = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private volatile boolean mendSoon;
    private Thread loop;

    /**
     * @param settings the alerting configuration in force (it changes on reload)
     * @param stages the mute stages after dependencies, in order (maintenance, silences)
     * @param console the address of Vitals's console, for links in notifications (known once the
     *     server listens)
     * @param notified called when notifications were written (wakes the dispatcher)
     */
    public AlertPipeline(
            AlertStore store,
            Outbox outbox,
            Supplier<AlertingSettings> settings,
            Function<String, Optional<Monitor>> monitor,
            Supplier<List<Monitor>> allMonitors,
            Function<String, Optional<MonitorStatus>> status,
            List<MuteStage> stages,
            Render render,
            Supplier<URI> console,
            InstantSource clock,
            Runnable notified) {
        this.store = store;
        this.clock = clock;
        this.notified = notified;
        this.ingest = new Ingest(store, () -> settings.get().route().map(Routing::new), clock);
        List<MuteStage> all = new java.util.ArrayList<>();
        all.add(new CausedBy(monitor, status));
        all.addAll(stages);
        this.flush = new FlushGroups(store, outbox, all, settings, render, console, clock);
        this.monitors = new MonitorSource(ingest, store, monitor, allMonitors, status, console, clock, this::news);
    }

    /** Monitor flips as a source of alerts (tests hand it flips directly). */
    public MonitorSource monitors() {
        return monitors;
    }

    /**
     * The evaluation sink: a flip is queued and the loop makes it an alert at once. Evaluation must
     * not wait for the database; a flip lost with the queue (a crash) is mended by {@link #reconcile}.
     */
    public void accept(Evaluated e) {
        if (e.flip().isPresent()) {
            flips.add(e.flip().get());
            wakeups.offer(Boolean.TRUE);
        }
    }

    public AlertStore store() {
        return store;
    }

    /**
     * What silences and maintenance windows could match, for their previews: each monitor with the
     * labels its alert would have, and each firing alert from other systems.
     */
    public List<Candidate> candidates(java.util.Collection<Monitor> monitors) {
        List<Candidate> out = new java.util.ArrayList<>();
        monitors.stream()
                .sorted(java.util.Comparator.comparing(Monitor::id))
                .forEach(m -> out.add(new Candidate("monitor", m.id(), m.name(), MonitorSource.labels(m, "down"))));
        for (AlertRow a : store.list(Optional.of("firing"), 1000)) {
            if (a.monitorId().isEmpty()) {
                out.add(new Candidate("alert", a.aid(), a.summary(), a.labels()));
            }
        }
        return out;
    }

    /** Which stage mutes {@code a} now, if any: for "why was I not notified?". */
    public Optional<Mute> mute(AlertRow a) {
        return a.firing() ? flush.mute(a, clock.instant()) : Optional.empty();
    }

    @Override
    public void receive(String source, List<ExternalAlert> alerts) {
        List<NewAlert> fire = new java.util.ArrayList<>();
        Map<AlertKey, Instant> resolve = new LinkedHashMap<>();
        for (ExternalAlert a : alerts) {
            AlertKey key = AlertKey.of(source, a.labels());
            if (a.status() == ExternalAlert.Status.FIRING) {
                resolve.remove(key);
                fire.add(external(key, source, a.labels(), a));
            } else {
                resolve.put(key, a.endsAt().orElse(clock.instant()));
            }
        }
        ingest.apply(fire, resolve);
        wake();
    }

    @Override
    public void trigger(String source, String dedupKey, ExternalAlert alert) {
        Map<String, String> labels = new LinkedHashMap<>(alert.labels());
        labels.put("dedup_key", dedupKey);
        ingest.fire(external(dedupKey(source, dedupKey), source, labels, alert));
        wake();
    }

    @Override
    public void resolve(String source, String dedupKey) {
        if (ingest.resolve(dedupKey(source, dedupKey), clock.instant())) {
            wake();
        }
    }

    private static AlertKey dedupKey(String source, String dedupKey) {
        return AlertKey.of(source, Map.of("dedup_key", dedupKey));
    }

    private NewAlert external(AlertKey key, String source, Map<String, String> labels, ExternalAlert a) {
        Instant now = clock.instant();
        // An end in the future is an expiry: Alertmanager's senders re-post while the alert fires.
        Optional<Instant> expires = a.endsAt().filter(e -> e.isAfter(now));
        return new NewAlert(
                key,
                source,
                Optional.empty(),
                labels,
                a.annotations(),
                a.startsAt().filter(s -> !s.isAfter(now)).orElse(now),
                expires,
                a.link());
    }

    /**
     * An external alert arrived or resolved: the loop looks for due groups now. Nothing that mutes
     * changes with it (only a monitor's recovery, a silence or a window does), so muted alerts are not
     * asked again: a storm of posts does not rewrite the muted groups' due times on every request.
     */
    private void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    /**
     * Something happened: muted alerts are asked about again (a parent may have recovered) and the
     * loop looks for due groups now.
     */
    public void news() {
        try {
            store.recheckMuted(clock.instant());
        } catch (RuntimeException e) {
            LOG.debug("could not mark muted alert groups for a recheck", e);
        }
        wakeups.offer(Boolean.TRUE);
    }

    /** Resolves expired alerts and flushes due groups; returns how many notifications were written. */
    public int runOnce() {
        for (Flip f = flips.poll(); f != null; f = flips.poll()) {
            try {
                monitors.flip(f);
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not record the alert of {}'s flip; it is mended soon: {}",
                        f.monitorId(),
                        e.getMessage());
                mendSoon = true;
            }
        }
        try {
            ingest.expire();
        } catch (RuntimeException e) {
            LOG.warn("could not resolve expired alerts: {}", e.getMessage());
        }
        int written = flush.runOnce();
        if (written > 0) {
            notified.run();
        }
        return written;
    }

    /** Mends alerts that disagree with monitor states; see {@link MonitorSource#reconcile}. */
    public int reconcile() {
        return monitors.reconcile();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Thread.ofVirtual().name("alert-pipeline").start(this::run);
    }

    private void run() {
        long lastReconcile = System.nanoTime();
        boolean first = true;
        while (running) {
            try {
                long since = System.nanoTime() - lastReconcile;
                if (first || since > RECONCILE_EVERY.toNanos() || (mendSoon && since > MEND_AFTER.toNanos())) {
                    first = false;
                    mendSoon = false;
                    int mended = reconcile();
                    if (mended > 0) {
                        LOG.info("{} monitor alerts mended to match the monitors' states", mended);
                    }
                    lastReconcile = System.nanoTime();
                }
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("alert pipeline round failed; trying again: {}", e.getMessage());
            }
            try {
                wakeups.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        Thread l;
        synchronized (this) {
            running = false;
            l = loop;
        }
        wakeups.offer(Boolean.TRUE);
        if (l != null) {
            try {
                l.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

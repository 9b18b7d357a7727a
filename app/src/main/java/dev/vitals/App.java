package dev.vitals;

import dev.vitals.accounts.AccountStore;
import dev.vitals.accounts.Accounts;
import dev.vitals.accounts.Audit;
import dev.vitals.accounts.LoginThrottle;
import dev.vitals.accounts.SecuritySettings;
import dev.vitals.alerting.AlertPipeline;
import dev.vitals.alerting.AlertStore;
import dev.vitals.alerting.AlertingConfig;
import dev.vitals.alerting.Channels;
import dev.vitals.alerting.Mute;
import dev.vitals.alerting.ReceiverStore;
import dev.vitals.api.AlertRoutes;
import dev.vitals.api.ApiServer;
import dev.vitals.api.IntegrationRoutes;
import dev.vitals.api.MaintenanceRoutes;
import dev.vitals.api.PingRoutes;
import dev.vitals.api.ReceiverRoutes;
import dev.vitals.api.SilenceRoutes;
import dev.vitals.api.Tls;
import dev.vitals.board.Board;
import dev.vitals.checks.CheckRunner;
import dev.vitals.checks.Checkers;
import dev.vitals.checks.NetworkGuard;
import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.configfile.ConfigFile;
import dev.vitals.configfile.ConfigFileReader;
import dev.vitals.configfile.ConfigWatcher;
import dev.vitals.evaluation.Evaluator;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.maintenance.MaintenanceStore;
import dev.vitals.maintenance.Maintenances;
import dev.vitals.metrics.Histogram;
import dev.vitals.metrics.MetricsExposition;
import dev.vitals.metrics.MonitorMetrics;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.MonitorListener;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.monitors.PushTarget;
import dev.vitals.nodes.Heartbeat;
import dev.vitals.notify.Backoff;
import dev.vitals.notify.Dispatcher;
import dev.vitals.notify.HttpPost;
import dev.vitals.notify.Outbox;
import dev.vitals.push.GroupCommit;
import dev.vitals.push.Ping;
import dev.vitals.push.PingLimiter;
import dev.vitals.push.PingStore;
import dev.vitals.push.PushMonitors;
import dev.vitals.push.PushViews;
import dev.vitals.results.Availability;
import dev.vitals.results.LatestResults;
import dev.vitals.results.ResultTables;
import dev.vitals.results.ResultWriter;
import dev.vitals.results.Retention;
import dev.vitals.results.Rollups;
import dev.vitals.results.Series;
import dev.vitals.scheduling.Scheduler;
import dev.vitals.silences.SilenceStore;
import dev.vitals.silences.Silences;
import dev.vitals.store.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vitals assembled: the one place where the parts are made, connected and started in order, and
 * stopped in reverse. Reading this constructor is reading the pipeline: configuration to registry,
 * registry to scheduler, scheduler to checks, checks to evaluation, evaluation to the results store,
 * metrics and API.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /**
     * How Vitals is run: the flags and environment of {@code vitals serve}. {@code demo} is for {@code
     * vitals demo} only: anonymous visitors of the pages are signed in as the demo user, a viewer.
     */
    public record Options(
            Path config,
            Path dataDir,
            String host,
            int port,
            Optional<String> dbUrl,
            ResultWriter.Settings writer,
            Scheduler.Settings scheduler,
            Optional<Tls> tls,
            Optional<String> bootstrapToken,
            boolean demo) {
        public Options(Path config, Path dataDir, String host, int port, Optional<String> dbUrl) {
            this(config, dataDir, host, port, dbUrl, Optional.empty());
        }

        /** With {@code tls}, the API and console are served over HTTPS only. */
        public Options(Path config, Path dataDir, String host, int port, Optional<String> dbUrl, Optional<Tls> tls) {
            this(
                    config,
                    dataDir,
                    host,
                    port,
                    dbUrl,
                    ResultWriter.Settings.DEFAULT,
                    Scheduler.Settings.DEFAULT,
                    tls,
                    Optional.empty(),
                    false);
        }

        public Options(
                Path config,
                Path dataDir,
                String host,
                int port,
                Optional<String> dbUrl,
                ResultWriter.Settings writer,
                Scheduler.Settings scheduler) {
            this(config, dataDir, host, port, dbUrl, writer, scheduler, Optional.empty(), Optional.empty(), false);
        }

        public Options withBootstrapToken(Optional<String> token) {
            return new Options(config, dataDir, host, port, dbUrl, writer, scheduler, tls, token, demo);
        }

        /** Demo mode ({@code vitals demo}); never for {@code vitals serve}. */
        public Options withDemo(boolean on) {
            return new Options(config, dataDir, host, port, dbUrl, writer, scheduler, tls, bootstrapToken, on);
        }

        /** {@code https} or {@code http}, for the addresses Vitals prints. */
        public String scheme() {
            return tls.isPresent() ? "https" : "http";
        }
    }

    private final Deque<AutoCloseable> stops = new ArrayDeque<>();
    private final Options options;
    private final InstantSource clock;
    private final ConfigFileReader reader;
    // Set while assembling; the constructor fails if any of them cannot be made.
    private MonitorRegistry registry;
    private ApiServer api;
    private Heartbeat heartbeat;
    private Audit audit;
    private volatile Instant configLoadedAt;
    private volatile Optional<String> lastReloadError = Optional.empty();
    private Retention.Keep keep = Retention.Keep.DEFAULT;
    private SecuritySettings security = SecuritySettings.DEFAULT;
    private volatile boolean storeReachable = true;
    private AlertingConfig alerting;
    private PushMonitors push;
    private GroupCommit<Ping> pings;

    private AlertPipeline pipeline;
    private Channels channels;
    private Maintenances maintenances;
    // The port the server listens on, once it does (the options may say 0: any free port).
    private volatile int listening;

    private App(Options options, InstantSource clock, Environment env, Checkers checkers) {
        this.options = options;
        this.clock = clock;
        this.reader = new ConfigFileReader(env);
        try {
            assemble(checkers);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void assemble(Checkers checkers) {
        ConfigFile config = reader.read(options.config());
        configLoadedAt = clock.instant();

        Database db = Database.open(options.dbUrl(), options.dataDir());
        stops.push(db);
        LOG.info("storing results in the {}", db.description());
        heartbeat = new Heartbeat(db, clock, Heartbeat.nodeId(options.dataDir()));
        Optional<Heartbeat.Gap> gap = heartbeat.register(db.read(ResultTables::newestResultAt));
        stops.push(heartbeat::stopped);

        AccountStore accountStore = new AccountStore(db);
        audit = new Audit(accountStore, clock);
        security = config.security();
        Accounts accounts = new Accounts(
                accountStore,
                clock,
                security.sessions(),
                options.bootstrapToken(),
                LoginThrottle.standard(clock),
                options.demo());
        if (options.demo()) {
            accounts.addDemoUser();
        }
        if (accountStore.users().isEmpty() && options.bootstrapToken().isEmpty()) {
            LOG.warn(
                    "no users yet: add the first admin with `vitals user add --admin NAME` (it prints a one-time password)");
        }

        Histogram storeWrites = new Histogram();
        ResultWriter writer = new ResultWriter(db, clock, options.writer(), storeWrites);
        writer.start();
        stops.push(() -> writer.close(Duration.ofSeconds(15)));

        Evaluator evaluator = new Evaluator(clock);
        LatestResults latest = new LatestResults();
        MonitorMetrics monitorMetrics = new MonitorMetrics();
        Board board = new Board(clock);
        evaluator.addSink(writer::accept);
        evaluator.addSink(board::accept);
        evaluator.addSink(latest::accept);
        evaluator.addSink(monitorMetrics::accept);

        registry = new MonitorRegistry(db, clock);
        registry.loadApiMonitors();
        registry.applyFile(config.monitors());
        Map<String, MonitorStatus> saved = db.read(ResultTables::states);
        for (Monitor m : registry.all()) {
            Optional.ofNullable(saved.get(m.id()))
                    .ifPresentOrElse(s -> evaluator.restore(m.id(), s), () -> evaluator.track(m));
        }
        gap.ifPresent(g -> {
            LOG.warn(
                    "Vitals was not running from {} to {} ({}); that time is recorded as unknown",
                    g.from(),
                    g.to(),
                    g.cause());
            evaluator.markGap(g.from(), g.to());
        });
        latest.load(db, registry.all().stream().map(Monitor::id).toList());
        // Before the checks start: what is stored is counted once, and what comes next is counted live.
        keep = config.retention();
        board.seed(db, keep);

        ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
        // Restricted monitors are checked behind the deny list read at start.
        NetworkGuard networkGuard = NetworkGuard.denying(security.denyNetworks());
        CheckRunner runner = new CheckRunner(clock, checkers, networkGuard);
        Scheduler scheduler = new Scheduler(clock, options.scheduler(), runner, evaluator::accept, checks);
        // Push monitors: jobs ping in; pings are stored in groups before they are answered, and their
        // due times are deadlines in an index (dev.vitals.push).
        PingStore pingStore = new PingStore(db);
        PingLimiter pingLimiter = new PingLimiter(clock, PingLimiter.STANDARD);
        push = new PushMonitors(clock, evaluator::accept);
        // The results and flips waiting to be written ride along in each group's transaction: the
        // two would otherwise take turns for SQLite's one write lock, and a ping wait behind a batch of
        // results.
        pings = new GroupCommit<Ping>(
                        "vitals-pings",
                        group -> {
                            List<Optional<ResultWriter.Along>> along = new ArrayList<>(1);
                            boolean committed = false;
                            try {
                                db.write(c -> {
                                    PingStore.insert(c, group);
                                    along.add(writer.writeAlong(c));
                                    return null;
                                });
                                committed = true;
                            } finally {
                                // Whatever happened, what rode along is settled: written, or put back.
                                boolean written = committed;
                                along.forEach(a -> writer.settle(a, written));
                            }
                        },
                        50_000,
                        2_000)
                .start();
        stops.push(() -> pings.close(Duration.ofSeconds(5)));
        // The keys made before, read once: start-up costs no write per push monitor.
        Map<String, UUID> madeKeys = new java.util.concurrent.ConcurrentHashMap<>(pingStore.keys());
        for (Monitor m : registry.all()) {
            putPush(pingStore, madeKeys, m);
        }
        push.restore(
                pingStore.sinceLastEnd(),
                (id, endedAt) -> evaluator
                                .status(id)
                                .map(st -> st.state() == dev.vitals.evaluation.State.UNKNOWN)
                                .orElse(true)
                        || latest.get(id).map(r -> r.at().isBefore(endedAt)).orElse(true));
        registry.addListener(new MonitorListener() {
            @Override
            public void added(Monitor m) {
                evaluator.track(m);
                scheduler.put(m);
                putPush(pingStore, madeKeys, m);
            }

            @Override
            public void changed(Monitor before, Monitor after) {
                if (after.paused() && !before.paused()) {
                    evaluator.pause(after.id(), "paused");
                } else if (!after.paused() && before.paused()) {
                    evaluator.resume(after.id());
                }
                scheduler.put(after);
                putPush(pingStore, madeKeys, after);
            }

            @Override
            public void removed(Monitor m) {
                scheduler.remove(m.id());
                push.keyOf(m.id()).ifPresent(pingLimiter::forget);
                push.remove(m.id());
                evaluator.untrack(m.id());
                latest.forget(m.id());
                board.forget(m.id());
                monitorMetrics.forget(m.id());
            }
        });
        // Silences and maintenance windows: the pipeline's mute stages.
        Silences silences = new Silences(new SilenceStore(db), clock);
        maintenances = new Maintenances(new MaintenanceStore(db), clock);
        maintenances.useFileWindows(config.maintenance());
        // Alerting: flips and integrations → the alert pipeline → the outbox → the dispatcher → receivers.
        alerting = new AlertingConfig(new ReceiverStore(db), clock);
        alerting.useFile(config.alerting());
        Outbox outbox = new Outbox(db, clock, Backoff.standard());
        channels = new Channels(HttpPost.client(), clock);
        Dispatcher dispatcher = new Dispatcher(
                outbox,
                channels.following(() -> alerting.current().receivers()),
                clock,
                heartbeat.nodeId(),
                Dispatcher.Settings.DEFAULT);
        pipeline = new AlertPipeline(
                new AlertStore(db),
                outbox,
                alerting::current,
                registry::get,
                () -> List.copyOf(registry.all()),
                evaluator::status,
                List.of(
                        (a, now) -> maintenances
                                .muting(a.labels(), now)
                                .map(m -> new Mute("maintenance", "in " + m.describe(), Optional.of(m.endsAt()))),
                        (a, now) -> silences.muting(a.labels(), now)
                                .map(x -> new Mute("silence", x.describe(), Optional.of(x.endsAt())))),
                channels::render,
                this::console,
                clock,
                dispatcher::wake);
        evaluator.addSink(pipeline::accept);

        for (Monitor m : registry.all()) {
            if (m.paused()
                    && evaluator
                            .status(m.id())
                            .map(s -> s.state() != dev.vitals.evaluation.State.PAUSED)
                            .orElse(true)) {
                evaluator.pause(m.id(), "paused in the configuration");
            }
            scheduler.put(m);
        }
        scheduler.start();
        push.start();
        stops.push(push::stop);
        stops.push(() -> {
            scheduler.close();
            checks.shutdown();
            // Briefly: the results already buffered matter more than the checks still running, and a
            // container's stop grace period (often 10 s) must leave the writer time to flush.
            if (!checks.awaitTermination(5, TimeUnit.SECONDS)) {
                checks.shutdownNow();
                LOG.warn("some checks were still running at shutdown; their results are lost");
            }
        });

        Rollups rollups = new Rollups(db, clock);
        // Retention is read at start; a reload that changes it says it waits for a restart.
        Retention retention = new Retention(db, clock, keep);
        ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("vitals-jobs").daemon(true).unstarted(r));
        jobs.scheduleWithFixedDelay(
                guard("heartbeat", heartbeat::beat),
                Heartbeat.PERIOD.toMillis(),
                Heartbeat.PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        jobs.scheduleWithFixedDelay(guard("rollups", rollups::run), 20, 30, TimeUnit.SECONDS);
        jobs.scheduleWithFixedDelay(guard("retention", retention::run), 60, 600, TimeUnit.SECONDS);
        jobs.scheduleWithFixedDelay(
                guard("push runs", () -> pingStore.prune(PushViews.KEPT_RUNS)), 90, 600, TimeUnit.SECONDS);
        jobs.scheduleWithFixedDelay(
                guard("session clean-up", () -> accountStore.purgeSessions(clock.instant())),
                60,
                3600,
                TimeUnit.SECONDS);
        stops.push(jobs::shutdownNow);
        // /health must answer at once when the database is away, which is when it is needed most:
        // it reports the last ping of this thread instead of waiting for one.
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("vitals-store-ping").daemon(true).unstarted(r));
        pinger.scheduleWithFixedDelay(
                () -> {
                    try {
                        storeReachable = db.ping();
                    } catch (RuntimeException e) {
                        storeReachable = false; // and keep pinging: a thrown task would never run again
                    }
                },
                0,
                2,
                TimeUnit.SECONDS);
        stops.push(pinger::shutdownNow);

        Availability availability = new Availability(db, clock, keep);
        MetricsExposition metrics = new MetricsExposition(
                registry::all,
                evaluator::status,
                monitorMetrics,
                new MetricsExposition.Own(
                        scheduler.lateness(),
                        scheduler::queueDepth,
                        scheduler::running,
                        scheduler::skipped,
                        storeWrites,
                        () -> writer.health().buffered(),
                        () -> writer.health().dropped(),
                        () -> writer.health().ok(),
                        push.deadlineLag()));
        // One for the API and the console's pages, so that both apply the same checks and audit records.
        SilenceRoutes silenceRoutes = new SilenceRoutes(silences, audit, () -> pipeline.candidates(registry.all()));
        MaintenanceRoutes maintenanceRoutes =
                new MaintenanceRoutes(maintenances, audit, () -> pipeline.candidates(registry.all()), clock);
        PingRoutes pingRoutes = new PingRoutes(push, pings, pingLimiter, clock);
        api = new ApiServer(
                db,
                registry,
                evaluator,
                latest,
                availability,
                clock,
                () -> health(db, writer, scheduler),
                metrics::writeTo,
                accounts,
                audit,
                security.sessions(),
                networkGuard,
                security.oidc(),
                security.trustedProxies(),
                board,
                new Series(db, clock, keep),
                pipeline,
                outbox,
                silenceRoutes,
                maintenanceRoutes,
                new PushViews(push, pingStore, this::console),
                Stream.of(
                                new AlertRoutes(pipeline, outbox).routes(),
                                new IntegrationRoutes(() -> alerting.current().integrations(), pipeline, clock)
                                        .routes(),
                                new ReceiverRoutes(alerting, audit).routes(),
                                pingRoutes.routes(),
                                silenceRoutes.routes(),
                                maintenanceRoutes.routes())
                        .flatMap(List::stream)
                        .toList());
        api.serveFirst(pingRoutes.fastPath(security.trustedProxies()));
        api.start(options.host(), options.port(), options.tls());
        listening = api.port();
        // Alerting starts once the server listens, so that links in notifications carry its port.
        pipeline.start();
        stops.push(pipeline);
        dispatcher.start();
        stops.push(dispatcher);
        stops.push(api);

        ConfigWatcher watcher = new ConfigWatcher(options.config(), this::reload);
        watcher.start();
        stops.push(watcher);
        LOG.info(
                "Vitals {} is watching {} monitors; API at {}://{}:{}/api/v1",
                Version.current(),
                registry.all().size(),
                options.scheme(),
                options.host(),
                api.port());
    }

    /** Starts Vitals; throws {@link ConfigException} for a bad configuration file. */
    public static App start(Options options, InstantSource clock, Environment env, Checkers checkers) {
        return new App(options, clock, env, checkers);
    }

    public int port() {
        return api.port();
    }

    /** Gives a push monitor its ping key (the configured one, or one made once and kept) and its state. */
    private void putPush(PingStore store, Map<String, UUID> made, Monitor m) {
        if (m.target() instanceof PushTarget t) {
            push.put(
                    m,
                    t.key()
                            .orElseGet(() -> made.computeIfAbsent(
                                    m.id(), id -> store.keyFor(id, UUID.randomUUID(), clock.instant()))));
        } else {
            push.remove(m.id());
        }
    }

    /** Re-reads the configuration file: all of it is applied, or none of it and the reason is kept. */
    public void reload() {
        try {
            ConfigFile config = reader.read(options.config());
            alerting.check(config.alerting());
            registry.applyFile(config.monitors());
            alerting.useFile(config.alerting());
            maintenances.useFileWindows(config.maintenance());
            if (!config.retention().equals(keep)) {
                LOG.warn("retention changed in {}; the new retention applies at the next start", options.config());
            }
            if (!config.security().equals(security)) {
                LOG.warn("security changed in {}; the new settings apply at the next start", options.config());
            }
            configLoadedAt = clock.instant();
            lastReloadError = Optional.empty();
            LOG.info("configuration reloaded: {} monitors", registry.all().size());
            auditReload("config.reload", Map.of("monitors", registry.all().size()));
        } catch (ConfigException e) {
            refused(e);
            auditReload("config.reload_refused", Map.of("problems", e.problems().size()));
        } catch (RuntimeException e) {
            // A file that is fine but cannot be applied now (the database is away) is refused too.
            lastReloadError = Optional.of("cannot apply the configuration: " + e.getMessage());
            LOG.error("configuration not reloaded; the running configuration stays in force: {}", e.getMessage());
            auditReload("config.reload_refused", Map.of("error", e.getMessage()));
        }
    }

    private void auditReload(String action, Map<String, Object> detail) {
        audit.record(
                "config-file",
                Optional.empty(),
                action,
                Optional.of(options.config().toString()),
                detail);
    }

    private void refused(ConfigException e) {
        lastReloadError = Optional.of(e.getMessage());
        LOG.error(
                "configuration not reloaded; the running configuration stays in force:\n{}",
                e.problems().stream()
                        .map(Problem::toString)
                        .reduce((a, b) -> a + "\n" + b)
                        .orElse(""));
    }

    private Map<String, Object> health(Database db, ResultWriter writer, Scheduler scheduler) {
        ResultWriter.Health w = writer.health();
        boolean reachable = storeReachable;
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("database", db.dialect().name());
        store.put("reachable", reachable);
        store.put("writing", w.ok());
        store.put("buffered", w.buffered());
        store.put("dropped", w.dropped());
        store.put("last_error", w.lastError().orElse(null));
        store.put("failing_since", w.failingSince().orElse(null));
        store.put("last_write", w.lastWrite().orElse(null));
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("monitors", scheduler.scheduled());
        sched.put("running", scheduler.running());
        sched.put("queue_depth", scheduler.queueDepth());
        sched.put("skipped", scheduler.skipped());
        sched.put("checks_started", scheduler.started());
        Histogram late = scheduler.lateness();
        Map<String, Object> lateness = new LinkedHashMap<>();
        lateness.put("p50_ms_at_most", Math.round(late.quantileUpperBound(0.5) * 1000));
        lateness.put("p99_ms_at_most", Math.round(late.quantileUpperBound(0.99) * 1000));
        lateness.put("max_ms", Math.round(late.maxSeconds() * 1000));
        sched.put("lateness", lateness);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("file", options.config().toString());
        config.put("loaded_at", configLoadedAt);
        config.put("last_reload_error", lastReloadError.orElse(null));
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = reachable && w.ok() && lastReloadError.isEmpty();
        out.put("status", ok ? "ok" : "degraded");
        out.put("version", Version.current());
        out.put("node", heartbeat.nodeId());
        out.put("store", store);
        out.put("scheduler", sched);
        out.put("config", config);
        return out;
    }

    /**
     * The address of the console for links in notifications: where the server listens (a wildcard
     * address is shown as the machine's name).
     */
    private URI console() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = listening > 0 ? listening : options.port();
        return URI.create(options.scheme() + "://" + host + ":" + port);
    }

    private static Runnable guard(String what, Runnable job) {
        return () -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed; will try again: {}", what, e.getMessage());
            }
        };
    }

    @Override
    public void close() {
        while (!stops.isEmpty()) {
            try {
                stops.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.getMessage());
            }
        }
    }
}

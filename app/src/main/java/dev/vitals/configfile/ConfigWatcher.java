package dev.vitals.configfile;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code reload} when the configuration file changes or the process gets SIGHUP. Editors save
 * in several steps (write a temporary file, rename it), so changes are debounced: the reload runs once
 * the folder has been quiet for a moment.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final long QUIET_MILLIS = 300;
    /**
     * How often the file is also looked at directly. Folder events miss a file behind a symbolic
     * link whose target changes elsewhere (a Kubernetes ConfigMap, /etc/vitals pointing into a
     * deployment folder); comparing the real path, size and modification time catches those.
     */
    private static final long POLL_MILLIS = 2_000;

    private final Path file;
    private final Runnable reload;
    private WatchService watcher;
    private Thread thread;
    private volatile String seen = "";
    private long lastLook = System.nanoTime();

    public ConfigWatcher(Path file, Runnable reload) {
        this.file = file.toAbsolutePath();
        this.reload = reload;
    }

    public void start() {
        seen = fingerprint();
        installSighup();
        try {
            watcher = FileSystems.getDefault().newWatchService();
            file.getParent()
                    .register(
                            watcher,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot watch {} for changes ({}); reload with SIGHUP instead", file, e.getMessage());
            return;
        }
        thread = Thread.ofPlatform().name("vitals-config-watcher").daemon(true).start(this::loop);
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                // Look at the file itself every POLL_MILLIS, even when a busy folder (a database
                // beside the config) keeps sending events about other files.
                if (System.nanoTime() - lastLook >= TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) {
                    lastLook = System.nanoTime();
                    if (!fingerprint().equals(seen)) {
                        if (key != null) {
                            key.pollEvents();
                            key.reset();
                        }
                        runReload("file changed");
                        continue;
                    }
                }
                if (key == null) {
                    continue;
                }
                boolean ours = concernsFile(key);
                key.reset();
                if (!ours) {
                    continue;
                }
                // Debounce: keep draining events until the folder is quiet.
                while (true) {
                    WatchKey more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                    if (more == null) {
                        break;
                    }
                    more.pollEvents();
                    more.reset();
                }
                runReload("file changed");
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private boolean concernsFile(WatchKey key) {
        boolean ours = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.context() instanceof Path p && p.getFileName().equals(file.getFileName())) {
                ours = true;
            }
        }
        return ours;
    }

    @SuppressWarnings("restriction")
    private void installSighup() {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(
                    new sun.misc.Signal("HUP"), s -> Thread.ofVirtual().start(() -> runReload("SIGHUP")));
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // Started under nohup (or by anything else that ignores SIGHUP): the JVM leaves an
                // ignored signal ignored, and answers as if the handler were set. The operator who
                // sends SIGHUP later must know it will do nothing.
                LOG.warn(
                        "SIGHUP will not reload the configuration: this process was started ignoring it"
                                + " (under nohup?). Saved changes to {} are still reloaded.",
                        file);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("SIGHUP is not available here: {}", e.getMessage());
        }
    }

    /** What identifies the file's content cheaply: where it really is, its size and its time. */
    private String fingerprint() {
        try {
            Path real = file.toRealPath();
            return real + "|" + Files.size(real) + "|"
                    + Files.getLastModifiedTime(real).toMillis();
        } catch (IOException e) {
            return "missing";
        }
    }

    private synchronized void runReload(String why) {
        seen = fingerprint();
        LOG.info("reloading {} ({})", file, why);
        try {
            reload.run();
        } catch (RuntimeException e) {
            LOG.error("reload of {} failed", file, e);
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

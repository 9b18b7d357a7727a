package dev.vitals.metrics;

import dev.vitals.checks.Outcome;
import dev.vitals.checks.Phase;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.evaluation.State;
import dev.vitals.monitors.Monitor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Writes {@code /metrics}: every monitor's series, then Vitals's own. */
public final class MetricsExposition {
    /** What Vitals reports about itself, read when {@code /metrics} is scraped. */
    public record Own(
            Histogram lateness,
            Supplier<Integer> queueDepth,
            Supplier<Integer> running,
            Supplier<Long> skipped,
            Histogram storeWrites,
            Supplier<Integer> buffered,
            Supplier<Long> dropped,
            Supplier<Boolean> storeOk,
            Histogram pushDeadlineLag) {}

    private final Supplier<Collection<Monitor>> monitors;
    private final Function<String, Optional<MonitorStatus>> status;
    private final MonitorMetrics perMonitor;
    private final Own own;

    public MetricsExposition(
            Supplier<Collection<Monitor>> monitors,
            Function<String, Optional<MonitorStatus>> status,
            MonitorMetrics perMonitor,
            Own own) {
        this.monitors = monitors;
        this.status = status;
        this.perMonitor = perMonitor;
        this.own = own;
    }

    public String render() {
        StringBuilder page = new StringBuilder(64 * 1024);
        writeTo(page);
        return page.toString();
    }

    /** Writes the page into {@code page} as it goes, never whole in memory. */
    public void writeTo(Appendable page) {
        PrometheusText out = new PrometheusText(page);
        List<Monitor> ms = monitors.get().stream()
                .sorted(Comparator.comparing(Monitor::id))
                .toList();

        out.family("vitals_monitor_state", "gauge", "1 for the state each monitor is in, 0 for the others.");
        for (Monitor m : ms) {
            State s = status.apply(m.id()).map(MonitorStatus::state).orElse(State.PENDING);
            for (State st : State.values()) {
                out.sample(
                        "vitals_monitor_state",
                        labels(m) + "," + PrometheusText.label("state", st.word()),
                        st == s ? 1 : 0);
            }
        }
        out.family(
                "vitals_monitor_up",
                "gauge",
                "1 when the monitor is up (answering within its slow threshold), else 0.");
        for (Monitor m : ms) {
            State s = status.apply(m.id()).map(MonitorStatus::state).orElse(State.PENDING);
            out.sample("vitals_monitor_up", labels(m), s == State.UP ? 1 : 0);
        }
        out.family("vitals_check_duration_seconds", "histogram", "How long checks took.");
        for (Monitor m : ms) {
            perMonitor.get(m.id()).ifPresent(s -> s.duration.write(out, "vitals_check_duration_seconds", labels(m)));
        }
        out.family("vitals_check_results_total", "counter", "Check results by outcome since Vitals started.");
        for (Monitor m : ms) {
            perMonitor.get(m.id()).ifPresent(s -> {
                for (Outcome o : Outcome.values()) {
                    out.sample(
                            "vitals_check_results_total",
                            labels(m) + "," + PrometheusText.label("outcome", o.word()),
                            s.outcomes.get(o).sum());
                }
            });
        }
        out.family("vitals_check_phase_seconds", "gauge", "Where the time of the last check went, by phase.");
        for (Monitor m : ms) {
            perMonitor.get(m.id()).ifPresent(s -> {
                for (Map.Entry<Phase, Duration> p : s.phases.entrySet()) {
                    out.sample(
                            "vitals_check_phase_seconds",
                            labels(m) + ","
                                    + PrometheusText.label("phase", p.getKey().key()),
                            p.getValue().toNanos() / 1e9);
                }
            });
        }
        out.family(
                "vitals_certificate_expiry_timestamp_seconds",
                "gauge",
                "When the certificate a monitor's target presents expires (Unix time).");
        for (Monitor m : ms) {
            perMonitor
                    .get(m.id())
                    .flatMap(s -> s.certificateExpiry)
                    .ifPresent(t ->
                            out.sample("vitals_certificate_expiry_timestamp_seconds", labels(m), t.getEpochSecond()));
        }

        out.family(
                "vitals_scheduler_lateness_seconds",
                "histogram",
                "How late checks started against when they were due.");
        own.lateness().write(out, "vitals_scheduler_lateness_seconds", "");
        out.family("vitals_scheduler_queue_depth", "gauge", "Checks due and waiting for a free check slot.");
        out.sample("vitals_scheduler_queue_depth", "", own.queueDepth().get());
        out.family("vitals_scheduler_running_checks", "gauge", "Checks running now.");
        out.sample("vitals_scheduler_running_checks", "", own.running().get());
        out.family(
                "vitals_scheduler_skipped_total",
                "counter",
                "Check slots skipped because the previous check was still running or the timer was behind.");
        out.sample("vitals_scheduler_skipped_total", "", own.skipped().get());
        out.family(
                "vitals_store_write_seconds", "histogram", "How long writing a batch of results to the database took.");
        own.storeWrites().write(out, "vitals_store_write_seconds", "");
        out.family("vitals_store_buffered", "gauge", "Results and flips waiting to be written to the database.");
        out.sample("vitals_store_buffered", "", own.buffered().get());
        out.family(
                "vitals_store_dropped_total",
                "counter",
                "Results dropped because the buffer was full while the database was away.");
        out.sample("vitals_store_dropped_total", "", own.dropped().get());
        out.family(
                "vitals_store_up", "gauge", "1 when results are being written to the database, 0 while writes fail.");
        out.sample("vitals_store_up", "", own.storeOk().get() ? 1 : 0);
        out.family(
                "vitals_push_deadline_lag_seconds",
                "histogram",
                "How late push monitors' deadlines (late, down, running too long) were handled after they fell due.");
        own.pushDeadlineLag().write(out, "vitals_push_deadline_lag_seconds", "");
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        out.family("vitals_jvm_heap_used_bytes", "gauge", "Heap in use.");
        out.sample("vitals_jvm_heap_used_bytes", "", mem.getHeapMemoryUsage().getUsed());
        out.family("vitals_process_cpu_seconds_total", "counter", "CPU time used by Vitals.");
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            out.sample("vitals_process_cpu_seconds_total", "", os.getProcessCpuTime() / 1e9);
        }
    }

    private static String labels(Monitor m) {
        return PrometheusText.label("monitor", m.id()) + "," + PrometheusText.label("kind", m.kind());
    }
}

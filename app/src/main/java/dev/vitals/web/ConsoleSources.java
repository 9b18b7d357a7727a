package dev.vitals.web;

import dev.vitals.alerting.AlertPipeline;
import dev.vitals.board.Board;
import dev.vitals.checks.CheckResult;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.notify.Outbox;
import dev.vitals.results.Availability;
import dev.vitals.results.Series;
import dev.vitals.store.Database;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the console's pages read: monitors, their states, the board, the stored results, and the alerts
 * with their notifications.
 */
public record ConsoleSources(
        Database db,
        MonitorRegistry registry,
        Function<String, Optional<MonitorStatus>> status,
        Function<String, Optional<CheckResult>> latest,
        Board board,
        Availability availability,
        Series series,
        AlertPipeline alerts,
        Outbox outbox,
        dev.vitals.push.PushViews push) {}

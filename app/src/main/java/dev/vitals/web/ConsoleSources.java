package dev.vitals.web;

import dev.vitals.board.Board;
import dev.vitals.checks.CheckResult;
import dev.vitals.evaluation.MonitorStatus;
import dev.vitals.monitors.MonitorRegistry;
import dev.vitals.results.Availability;
import dev.vitals.results.Series;
import dev.vitals.store.Database;
import java.util.Optional;
import java.util.function.Function;

/** What the console's pages read: monitors, their states, the board, and the stored results. */
public record ConsoleSources(
        Database db,
        MonitorRegistry registry,
        Function<String, Optional<MonitorStatus>> status,
        Function<String, Optional<CheckResult>> latest,
        Board board,
        Availability availability,
        Series series) {}

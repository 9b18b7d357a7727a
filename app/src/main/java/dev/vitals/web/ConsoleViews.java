package dev.vitals.web;

import java.util.List;
import java.util.Optional;

/** What the console's templates are given: one record per page and per repeated part. */
public final class ConsoleViews {
    private ConsoleViews() {}

    /** One state's count at the top of the overview, linking to the monitors in it. */
    public record Count(Status status, int count, String href, boolean selected) {}

    public record Group(String name, List<Console.RowView> rows) {}

    public record Overview(
            Frame frame,
            String q,
            String label,
            List<Choice> states,
            List<Count> counts,
            List<Group> groups,
            int matched,
            int total,
            String showing,
            Optional<String> prev,
            Optional<String> next,
            Optional<String> problem,
            String events) {}

    public record Problems(Frame frame, List<Console.RowView> troubled, List<Console.RowView> paused, String events) {}

    public record Range(String key, String label, String href, boolean current) {}

    public record PhaseView(String key, String label, String took, int x, int width) {}

    public record Day(String css, String word, int x, String title) {}

    public record ResultView(String at, Status status, String latency, String reason) {}

    public record FlipView(String at, Status from, Status to, String reason) {}

    /** A message a job sent ({@code /ping/{key}/log}) during a run. */
    public record MessageView(String at, String text, boolean truncated) {}

    /**
     * One run of a push monitor: {@code log} is the body sent with its end, {@code logTruncated} when it
     * was cut at 100 KB.
     */
    public record RunView(
            Status outcome,
            String started,
            String ended,
            String duration,
            String exitStatus,
            String log,
            boolean logTruncated,
            List<MessageView> messages) {
        public RunView {
            messages = List.copyOf(messages);
        }

        /** Whether there is anything to open: a log or messages. */
        public boolean hasLog() {
            return !log.isEmpty() || !messages.isEmpty();
        }
    }

    /**
     * A push monitor's job: its schedule in words, how it stands, and its recent runs. {@code pingUrl}
     * is empty for whoever may not see it (it is the job's credential).
     */
    public record Job(
            String schedule,
            String state,
            String stateWords,
            String lastPing,
            String nextDue,
            String grace,
            Optional<String> maxDuration,
            Optional<String> pingUrl,
            List<RunView> runs) {
        public Job {
            runs = List.copyOf(runs);
        }
    }

    /**
     * One monitor in detail. {@code job} is there for push monitors only; their page then leaves out
     * what only a checked monitor has (interval, latency chart, phases).
     */
    public record Detail(
            Frame frame,
            Console.RowView row,
            String kind,
            String target,
            String interval,
            String slow,
            List<String> labels,
            List<Range> ranges,
            String rangeLabel,
            Svg.Chart chart,
            String p50,
            String p95,
            String p99,
            String availability,
            List<PhaseView> phases,
            String phasesOf,
            List<Day> days,
            String daysSummary,
            List<ResultView> results,
            List<FlipView> flips,
            Optional<Job> job,
            String events) {}
}

package dev.vitals.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the maintenance windows page's template is given. */
public final class MaintenanceViews {
    private MaintenanceViews() {}

    /** The page: every window, the form as it was filled in, its errors by field, and a preview. */
    public record Windows(
            Frame frame,
            List<Line> windows,
            boolean canChange,
            Fields fields,
            Map<String, String> errors,
            Optional<Preview> preview) {
        public Windows {
            windows = List.copyOf(windows);
            errors = Map.copyOf(errors);
        }

        /** The error of {@code field} in words, or "" when it has none. */
        public String error(String field) {
            return errors.getOrDefault(field, "");
        }
    }

    /**
     * One window: where it is defined, its schedule in words, whether it is active now (and until
     * when), its next occurrence, what it matches, and where to end it (API windows not yet ended).
     */
    public record Line(
            String name,
            String origin,
            String schedule,
            Status status,
            String now,
            String next,
            List<String> match,
            String createdBy,
            Optional<String> endHref) {}

    /** The form's fields as typed, with the keys of the configuration file. */
    public record Fields(
            String name, String start, String rrule, String cron, String duration, String tz, String match) {
        static final Fields EMPTY = new Fields("", "", "", "", "2h", "UTC", "");
    }

    /** What the window would match now, and when it would be on. */
    public record Preview(String schedule, List<String> occurrences, String summary, List<SilenceViews.Hit> hits) {
        public Preview {
            occurrences = List.copyOf(occurrences);
            hits = List.copyOf(hits);
        }
    }
}

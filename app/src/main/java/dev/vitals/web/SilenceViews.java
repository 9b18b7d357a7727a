package dev.vitals.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the silences page's template is given. */
public final class SilenceViews {
    private SilenceViews() {}

    /**
     * The page: the silences that mute now or will, the recently ended ones, the form as it was
     * filled in, its errors by field, and a preview when one was asked for.
     */
    public record Silences(
            Frame frame,
            List<Line> current,
            List<Line> expired,
            boolean canChange,
            Fields fields,
            Map<String, String> errors,
            Optional<Preview> preview) {
        public Silences {
            current = List.copyOf(current);
            expired = List.copyOf(expired);
            errors = Map.copyOf(errors);
        }

        /** The error of {@code field} in words, or "" when it has none. */
        public String error(String field) {
            return errors.getOrDefault(field, "");
        }
    }

    /** One silence: its matchers in the short form, why, who, when, and where to end it. */
    public record Line(
            String id,
            Status status,
            List<String> matchers,
            String comment,
            String createdBy,
            String starts,
            String ends,
            String endsIn,
            String endHref) {}

    /** The form's fields as typed, so that a mistake does not lose them. */
    public record Fields(String matchers, String duration, String endsAt, String comment) {
        static final Fields EMPTY = new Fields("", "2h", "", "");
    }

    /** What the matchers match now. */
    public record Preview(String summary, List<Hit> hits) {
        public Preview {
            hits = List.copyOf(hits);
        }
    }

    /** A monitor or firing alert a silence would mute. */
    public record Hit(String kind, String name, Optional<String> href, List<String> labels) {}
}

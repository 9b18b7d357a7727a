package dev.vitals.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A monitor's runs, read back from its pings: a start and the end with the same {@code rid} (or the
 * last start without one) make a run; an end without a start is a run of unknown length; a start
 * without an end is running (or was, if it never reported). Messages ({@code /log}) belong to the
 * run they arrived in, or stand alone.
 */
public final class Runs {
    public enum Outcome {
        SUCCESS,
        FAILURE,
        RUNNING,
        /** A message sent outside any run. */
        MESSAGE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Message(Instant at, String text, boolean truncated) {}

    /** One run, or one lone message. {@code log} is the body sent with the end (or the message). */
    public record Run(
            Outcome outcome,
            Optional<Instant> startedAt,
            Optional<Instant> endedAt,
            Optional<Integer> exitStatus,
            Optional<String> rid,
            String log,
            boolean logTruncated,
            List<Message> messages) {
        public Run {
            messages = List.copyOf(messages);
        }

        public Optional<Duration> duration() {
            return startedAt.flatMap(s -> endedAt.map(e -> Duration.between(s, e)));
        }

        /** When it last did something: its end, or its start while running. */
        Instant latest() {
            return endedAt.or(() -> startedAt).orElse(Instant.EPOCH);
        }
    }

    private record Open(Ping start, List<Message> messages) {}

    private Runs() {}

    /** The runs of {@code pings} (one monitor's, in the order taken), newest first. */
    public static List<Run> of(List<Ping> pings) {
        List<Run> out = new ArrayList<>();
        Map<String, Open> open = new HashMap<>();
        Open last = null;
        for (Ping p : pings) {
            String key = p.rid().orElse("");
            switch (p.kind()) {
                case START -> {
                    Open o = new Open(p, new ArrayList<>());
                    Open before = open.put(key, o);
                    if (before != null) {
                        // Started again before it ended: the earlier start never reported.
                        out.add(running(before));
                    }
                    last = o;
                }
                case SUCCESS, FAIL -> {
                    Open o = open.remove(key);
                    if (o == last) {
                        last = null;
                    }
                    out.add(new Run(
                            p.kind() == Ping.Kind.SUCCESS ? Outcome.SUCCESS : Outcome.FAILURE,
                            Optional.ofNullable(o).map(x -> x.start().at()),
                            Optional.of(p.at()),
                            p.exitStatus(),
                            p.rid(),
                            p.body(),
                            p.truncated(),
                            o == null ? List.of() : o.messages()));
                }
                case LOG -> {
                    Open o = p.rid().map(open::get).orElse(last);
                    Message m = new Message(p.at(), p.body(), p.truncated());
                    if (o != null) {
                        o.messages().add(m);
                    } else {
                        out.add(new Run(
                                Outcome.MESSAGE,
                                Optional.empty(),
                                Optional.of(p.at()),
                                Optional.empty(),
                                p.rid(),
                                p.body(),
                                p.truncated(),
                                List.of()));
                    }
                }
            }
        }
        open.values().forEach(o -> out.add(running(o)));
        // Runs going on now first, then the latest first.
        out.sort(java.util.Comparator.comparing((Run r) -> r.outcome() != Outcome.RUNNING)
                .thenComparing(Run::latest, java.util.Comparator.reverseOrder()));
        return List.copyOf(out);
    }

    private static Run running(Open o) {
        return new Run(
                Outcome.RUNNING,
                Optional.of(o.start().at()),
                Optional.empty(),
                Optional.empty(),
                o.start().rid(),
                o.start().body(),
                o.start().truncated(),
                o.messages());
    }
}

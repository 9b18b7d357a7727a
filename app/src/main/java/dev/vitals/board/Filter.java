package dev.vitals.board;

import dev.vitals.evaluation.State;
import dev.vitals.monitors.Monitor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the overview is narrowed to: text found in a monitor's id, name, description or label values
 * (any case), labels that must match exactly ({@code service=mail}; all of them), and states (any of
 * them; none means all).
 */
public record Filter(String text, List<Map.Entry<String, String>> labels, Set<State> states) {
    public static final Filter ALL = new Filter("", List.of(), Set.of());
    static final int MAX_TEXT = 200;

    public Filter {
        text = text.strip();
        labels = List.copyOf(labels);
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    }

    /**
     * A filter from a page's query: {@code q}, {@code label} (each {@code key=value}) and {@code state}
     * (each a state's word). Blank values are ignored.
     *
     * @throws IllegalArgumentException saying which value is wrong and what is expected
     */
    public static Filter parse(String q, List<String> labels, List<String> states) {
        String text = q == null ? "" : q.strip();
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the search text is longer than " + MAX_TEXT + " characters");
        }
        List<Map.Entry<String, String>> ls = new ArrayList<>();
        for (String l : labels) {
            String s = l.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException(
                        "the label filter \"" + cut(s) + "\" must look like key=value, as in service=mail");
            }
            ls.add(Map.entry(s.substring(0, eq).strip(), s.substring(eq + 1).strip()));
        }
        Set<State> ss = EnumSet.noneOf(State.class);
        for (String st : states) {
            String s = st.strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty() || s.equals("any")) {
                continue;
            }
            ss.add(Arrays.stream(State.values())
                    .filter(x -> x.word().equals(s))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the state \"" + cut(st) + "\" is not one of "
                            + Arrays.stream(State.values()).map(State::word).collect(Collectors.joining(", ")))));
        }
        return new Filter(text, ls, ss);
    }

    /** Whether the text and labels match (the states are judged apart, so that counts can ignore them). */
    boolean matchesMonitor(Monitor m) {
        for (Map.Entry<String, String> l : labels) {
            if (!l.getValue().equals(m.labels().get(l.getKey()))) {
                return false;
            }
        }
        if (text.isEmpty()) {
            return true;
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (contains(m.id(), t)
                || contains(m.name(), t)
                || m.description().map(d -> contains(d, t)).orElse(false)) {
            return true;
        }
        for (String v : m.labels().values()) {
            if (contains(v, t)) {
                return true;
            }
        }
        return false;
    }

    boolean matchesState(State s) {
        return states.isEmpty() || states.contains(s);
    }

    public boolean isEmpty() {
        return text.isEmpty() && labels.isEmpty() && states.isEmpty();
    }

    /** The label filters as typed: {@code service=mail}. */
    public List<String> labelWords() {
        return labels.stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static boolean contains(String s, String lowerNeedle) {
        return s.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}

package dev.vitals.silences;

import java.util.Map;

/**
 * Something a silence or maintenance window could mute, as a preview shows it: a monitor (with the
 * labels its alerts would carry) or a firing alert.
 */
public record Candidate(String kind, String id, String name, Map<String, String> labels) {
    public Candidate {
        labels = Map.copyOf(labels);
    }
}

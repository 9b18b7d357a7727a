package dev.vitals.web;

import dev.vitals.evaluation.State;

/**
 * A state as pages show it: never by colour alone, always with an icon and the word. The CSS class
 * {@code status-WORD} adds the colour.
 */
public record Status(String word, String icon, String label) {
    public static Status of(State s) {
        return switch (s) {
            case UP -> new Status("up", "✓", "Up");
            case DEGRADED -> new Status("degraded", "▲", "Degraded");
            case DOWN -> new Status("down", "✕", "Down");
            case PENDING -> new Status("pending", "○", "Pending");
            case PAUSED -> new Status("paused", "‖", "Paused");
            case UNKNOWN -> new Status("unknown", "?", "Unknown");
        };
    }

    public String css() {
        return "status status-" + word;
    }
}

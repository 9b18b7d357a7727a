package dev.vitals.alerting;

import java.time.Instant;
import java.util.Optional;

/**
 * Why a firing alert is not notified now: which stage held it back and what it said.
 *
 * @param stage {@code dependencies}, {@code maintenance} or {@code silence}
 * @param reason in words, for "why was I not notified?"
 * @param until when to ask again (the silence's or window's end); empty: when something changes
 */
public record Mute(String stage, String reason, Optional<Instant> until) {}

package dev.vitals.alerting;

import java.time.Instant;
import java.util.Optional;

/**
 * A stage that may keep a firing alert from being notified (dependencies, maintenance, silences). It
 * never stops an alert from being recorded: checks run and alerts are kept, only the notification
 * waits. Asked at every decision to notify, so it must be cheap and must not touch the database.
 */
@FunctionalInterface
public interface MuteStage {
    Optional<Mute> check(AlertRow alert, Instant now);
}

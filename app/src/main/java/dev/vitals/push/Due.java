package dev.vitals.push;

import java.time.Instant;

/**
 * One entry of the due-time index: the monitor {@code id}, the instant {@code at} its deadline falls,
 * and {@code what} passing it means (late, down, running too long: the caller's type).
 */
public record Due<W>(String id, Instant at, W what) {}

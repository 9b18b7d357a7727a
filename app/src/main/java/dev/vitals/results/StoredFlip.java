package dev.vitals.results;

import dev.vitals.evaluation.Flip;

/** A flip as stored, with its sequence number (increasing in the order flips were recorded). */
public record StoredFlip(long seq, Flip flip) {}

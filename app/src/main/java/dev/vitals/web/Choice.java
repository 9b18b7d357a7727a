package dev.vitals.web;

/** One option of a select: what is sent, what is shown, and whether it is the one chosen. */
public record Choice(String value, String label, boolean selected) {}

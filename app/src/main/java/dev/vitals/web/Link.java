package dev.vitals.web;

/** A link of the navigation; {@code current} marks the section the page belongs to. */
public record Link(String href, String label, boolean current) {}

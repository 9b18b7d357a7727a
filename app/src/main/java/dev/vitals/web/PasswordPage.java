package dev.vitals.web;

/** The page to change one's password, where a one-time password leads. */
public record PasswordPage(Frame frame, boolean hasPassword) {}

package dev.vitals.web;

/**
 * A value shown exactly once, such as a new API token or a one-time password: Vitals keeps only its
 * digest, so this page is the only place it can be read.
 */
public record SecretPage(
        Frame frame, String heading, String intro, String label, String value, String afterwards, Link back) {}

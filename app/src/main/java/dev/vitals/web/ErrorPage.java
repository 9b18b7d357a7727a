package dev.vitals.web;

/** A request that could not be served, said in words; {@code offerSignIn} links to the sign-in page. */
public record ErrorPage(Frame frame, int status, String heading, String detail, boolean offerSignIn) {}

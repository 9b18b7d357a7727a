package dev.vitals.web;

/**
 * Setting up a second factor: the secret to add to an authenticator app, as an {@code otpauth://} link
 * and as a key to type ({@code grouped} in blocks of four), and the form that turns it on with a first
 * code. {@code secret} goes back in a hidden field: nothing is stored until the code is right.
 */
public record SecondFactorPage(Frame frame, String account, String secret, String grouped, String uri) {}

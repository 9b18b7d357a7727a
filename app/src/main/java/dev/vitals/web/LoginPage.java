package dev.vitals.web;

import java.util.Optional;

/**
 * The sign-in form. {@code csrf} is the double-submit token of the sign-in form itself (nobody is
 * signed in yet); {@code askCode} shows the second-factor field; {@code sso} is the single sign-on
 * button when it is set up. The password is never sent back into the page.
 */
public record LoginPage(Frame frame, String csrf, String name, boolean askCode, String next, Optional<Link> sso) {}

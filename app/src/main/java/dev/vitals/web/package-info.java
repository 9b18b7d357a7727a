/**
 * The server-rendered pages people use in a browser: signing in and out, one's own account, and for
 * admins users, teams and the audit log. Templates are JTE files under {@code src/main/jte}, compiled
 * to Java in the build and rendered with HTML escaping; one stylesheet is served from the jar. Pages
 * carry no inline script or style (the Content-Security-Policy forbids both) and every form carries
 * the session's CSRF token in a hidden {@code _csrf} field.
 *
 * <p>To add a page: a public record for what the template shows (with a {@link dev.vitals.web.Frame}),
 * a template taking that record as its one parameter, a {@link dev.vitals.api.Route} in one of the
 * page classes, and a rule for it in the access table of {@code dev.vitals.api.Access}.
 */
package dev.vitals.web;

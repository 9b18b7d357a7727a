package dev.vitals.web;

import java.util.List;
import java.util.Optional;

/**
 * What every page has around its content: its title, who is signed in, the links their role may use,
 * the CSRF token for its forms (empty when nobody is signed in), messages, the addresses of the
 * stylesheet and the console's script (with a version, so that browsers may keep them), and whether
 * this is {@code vitals demo} (every page then says that visitors are signed in automatically and the
 * office is simulated).
 */
public record Frame(
        String title,
        Optional<String> who,
        List<Link> nav,
        boolean canSignOut,
        String csrf,
        List<Message> messages,
        String stylesheet,
        String script,
        boolean demo) {
    /** A frame without the console's script, outside the demo. */
    public Frame(
            String title,
            Optional<String> who,
            List<Link> nav,
            boolean canSignOut,
            String csrf,
            List<Message> messages,
            String stylesheet) {
        this(title, who, nav, canSignOut, csrf, messages, stylesheet, "", false);
    }

    public Frame {
        nav = List.copyOf(nav);
        messages = List.copyOf(messages);
    }
}

package dev.vitals.web;

import java.util.List;
import java.util.Optional;

/**
 * What every page has around its content: its title, who is signed in, the links their role may use,
 * the CSRF token for its forms (empty when nobody is signed in), messages, and the addresses of the
 * stylesheet and the console's script (with a version, so that browsers may keep them).
 */
public record Frame(
        String title,
        Optional<String> who,
        List<Link> nav,
        boolean canSignOut,
        String csrf,
        List<Message> messages,
        String stylesheet,
        String script) {
    /** A frame without the console's script. */
    public Frame(
            String title,
            Optional<String> who,
            List<Link> nav,
            boolean canSignOut,
            String csrf,
            List<Message> messages,
            String stylesheet) {
        this(title, who, nav, canSignOut, csrf, messages, stylesheet, "");
    }

    public Frame {
        nav = List.copyOf(nav);
        messages = List.copyOf(messages);
    }
}

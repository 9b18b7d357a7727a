package dev.vitals.config;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in scalar values with environment
 * variables, as a shell does. {@code $$} stands for a literal dollar sign; a {@code $} not followed
 * by a brace is kept as written, so that regular expressions such as {@code ^220 $} need no escape.
 */
final class Interpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Interpolation() {}

    /**
     * Returns {@code text} with every reference replaced. Each problem (an unset variable without a
     * default, an unclosed brace) is passed to {@code problem} and the reference is replaced by an
     * empty string, so that reading can go on and report everything at once.
     */
    static String apply(String text, Environment env, Consumer<String> problem) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = text.indexOf('}', i + 2);
            if (close < 0) {
                problem.accept("unclosed ${ in \"" + text + "\"; write $$ for a literal dollar sign");
                return out.toString();
            }
            out.append(resolve(text.substring(i + 2, close), env, problem));
            i = close + 1;
        }
        return out.toString();
    }

    private static String resolve(String reference, Environment env, Consumer<String> problem) {
        int dash = reference.indexOf(":-");
        String name = dash < 0 ? reference : reference.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
            problem.accept("\"${" + reference + "}\" is not a valid reference; use ${NAME} or ${NAME:-default}");
            return "";
        }
        var value = env.variable(name).filter(v -> !v.isEmpty());
        if (value.isPresent()) {
            return value.get();
        }
        if (dash >= 0) {
            return reference.substring(dash + 2);
        }
        problem.accept("environment variable " + name + " is not set; set it or write ${" + name + ":-default}");
        return "";
    }
}

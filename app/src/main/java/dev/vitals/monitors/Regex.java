package dev.vitals.monitors;

import dev.vitals.config.Scalars;
import dev.vitals.config.ValueParser;
import java.util.regex.Pattern;

/**
 * A compiled regular expression that compares by its source, so that a monitor read twice from the
 * same file is equal to itself ({@link Pattern} compares by identity).
 */
public final class Regex {
    private final Pattern pattern;

    public Regex(Pattern pattern) {
        this.pattern = pattern;
    }

    public static Regex of(String source) {
        return new Regex(Pattern.compile(source));
    }

    public static ValueParser<Regex> parser() {
        return Scalars.regex().map(Regex::new);
    }

    public Pattern pattern() {
        return pattern;
    }

    public boolean find(CharSequence text) {
        return pattern.matcher(text).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Regex r
                && r.pattern.pattern().equals(pattern.pattern())
                && r.pattern.flags() == pattern.flags();
    }

    @Override
    public int hashCode() {
        return pattern.pattern().hashCode();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}

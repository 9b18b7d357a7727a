package dev.vitals.monitors;

import dev.vitals.config.Node;
import dev.vitals.config.ValueParser;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Accepted HTTP status codes, written as {@code 200}, {@code "2xx"} or {@code "200-299"}. */
public record StatusRange(int from, int to) {
    private static final Pattern CLASS = Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("(\\d{3})\\s*-\\s*(\\d{3})");
    private static final Pattern ONE = Pattern.compile("\\d{3}");

    public boolean contains(int status) {
        return status >= from && status <= to;
    }

    public Object render() {
        if (from == to) {
            return from;
        }
        if (from % 100 == 0 && to == from + 99) {
            return (from / 100) + "xx";
        }
        return from + "-" + to;
    }

    @Override
    public String toString() {
        return render().toString();
    }

    public static ValueParser<StatusRange> parser() {
        return (node, ctx) -> {
            if (node instanceof Node.ScalarNode s && !s.isNull()) {
                String t = s.text().strip();
                Matcher m;
                if (ONE.matcher(t).matches()) {
                    int v = Integer.parseInt(t);
                    if (v >= 100 && v <= 599) {
                        return Optional.of(new StatusRange(v, v));
                    }
                } else if ((m = CLASS.matcher(t)).matches()) {
                    int c = Integer.parseInt(m.group(1)) * 100;
                    return Optional.of(new StatusRange(c, c + 99));
                } else if ((m = RANGE.matcher(t)).matches()) {
                    int a = Integer.parseInt(m.group(1));
                    int b = Integer.parseInt(m.group(2));
                    if (a >= 100 && b <= 599 && a <= b) {
                        return Optional.of(new StatusRange(a, b));
                    }
                }
            }
            ctx.problems()
                    .add(node, "expected an HTTP status such as 200, \"2xx\" or \"200-299\", found " + node.describe());
            return Optional.empty();
        };
    }
}

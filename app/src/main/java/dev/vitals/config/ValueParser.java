package dev.vitals.config;

import java.util.Optional;

/**
 * Reads one value from a node. A parser that cannot read the value adds a problem naming the node
 * and returns empty; it never throws, so that reading goes on and every problem is reported.
 */
@FunctionalInterface
public interface ValueParser<T> {
    Optional<T> parse(Node node, ReadContext ctx);

    /**
     * Parses {@code node}, unless it is a value whose problem was reported already (a failed
     * interpolation), so that one mistake is reported once.
     */
    static <T> Optional<T> apply(ValueParser<T> parser, Node node, ReadContext ctx) {
        if (node instanceof Node.ScalarNode s && s.type() == Node.ScalarType.BROKEN) {
            return Optional.empty();
        }
        return parser.parse(node, ctx);
    }

    /** A parser that also checks the value it read, reporting {@code message} when the check fails. */
    default ValueParser<T> where(java.util.function.Predicate<T> check, String message) {
        return (node, ctx) -> parse(node, ctx).filter(v -> {
            if (check.test(v)) {
                return true;
            }
            ctx.problems().add(node, message);
            return false;
        });
    }

    default <R> ValueParser<R> map(java.util.function.Function<T, R> f) {
        return (node, ctx) -> parse(node, ctx).map(f);
    }
}

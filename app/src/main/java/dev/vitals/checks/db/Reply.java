package dev.vitals.checks.db;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis reply, as much of RESP2 as a check needs: a value (simple string, integer or bulk
 * string, all judged as text), an error, or an array. A nil reply is the value {@code (nil)}, as
 * {@code redis-cli} shows it, so that an expectation can name it.
 */
sealed interface Reply permits Reply.Value, Reply.Error, Reply.Array {
    Reply NIL = new Value("(nil)");

    /** How deep nested arrays are shown; deeper ones show as "...". */
    int RENDER_DEPTH = 4;

    /** The reply as text to judge: arrays as their elements, one per line. */
    default String render() {
        return render(this, 0);
    }

    private static String render(Reply r, int depth) {
        return switch (r) {
            case Value v -> v.text();
            case Error e -> "(error) " + e.message();
            case Array a when depth >= RENDER_DEPTH -> "...";
            case Array a -> a.items().stream().map(i -> render(i, depth + 1)).collect(Collectors.joining("\n"));
        };
    }

    record Value(String text) implements Reply {}

    /** An error reply, without the leading {@code -}: {@code NOAUTH Authentication required.} */
    record Error(String message) implements Reply {}

    record Array(List<Reply> items) implements Reply {
        public Array {
            items = List.copyOf(items);
        }
    }
}

package dev.vitals.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The index against a plain map of what each id's deadline should be, over random operations. */
class DeadlinesProperties {
    private static final Instant T0 = Instant.parse("2026-03-29T00:00:00Z");

    /** An operation: 0 put, 1 remove, 2 take what is due; an id of ten; a second of a hundred. */
    record Op(int kind, String id, long second) {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Arbitraries.integers()
                .between(0, 2)
                .flatMap(kind -> Arbitraries.integers()
                        .between(0, 9)
                        .flatMap(id -> Arbitraries.longs().between(0, 100).map(s -> new Op(kind, "m" + id, s))));
        return op.list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void takeDueGivesExactlyTheEntriesAtOrBeforeNowInOrder(@ForAll("operations") List<Op> ops) {
        Deadlines<Long> index = new Deadlines<>();
        Map<String, Instant> model = new HashMap<>();
        for (Op op : ops) {
            Instant at = T0.plusSeconds(op.second());
            switch (op.kind()) {
                case 0 -> {
                    index.put(op.id(), at, op.second());
                    model.put(op.id(), at);
                }
                case 1 -> assertThat(index.remove(op.id())).isEqualTo(model.remove(op.id()) != null);
                default -> {
                    List<Due<Long>> due = index.takeDue(at);
                    assertThat(due).allSatisfy(d -> assertThat(d.at()).isBeforeOrEqualTo(at));
                    assertThat(due).isSortedAccordingTo(Comparator.comparing(Due::at));
                    Map<String, Instant> expected = new HashMap<>();
                    model.forEach((id, when) -> {
                        if (!when.isAfter(at)) {
                            expected.put(id, when);
                        }
                    });
                    assertThat(due).hasSize(expected.size());
                    assertThat(due).allSatisfy(d -> assertThat(expected).containsEntry(d.id(), d.at()));
                    expected.keySet().forEach(model::remove);
                }
            }
            assertThat(index.size()).isEqualTo(model.size());
            assertThat(index.next()).isEqualTo(model.values().stream().min(Comparator.naturalOrder()));
        }
    }
}

package dev.vitals.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeReaderTest {
    @Test
    void aConfigurationOfAHundredThousandPushMonitorsIsNotRefusedForItsSize() {
        // Issue 6's 100,000 push monitors: about 10 MB of YAML, past SnakeYAML's default limit of 3 MiB.
        StringBuilder b = new StringBuilder("monitors:\n");
        for (int i = 0; i < 100_000; i++) {
            b.append("  - { id: job-")
                    .append(i)
                    .append(", kind: push, key: 0f8fad5b-d9cb-469f-a165-70867728950e, period: 1m, grace: 1m }\n");
        }
        assertThat(b.length()).isGreaterThan(3 * 1024 * 1024);
        Problems problems = new Problems();
        assertThat(TreeReader.yaml("vitals.yaml", b.toString(), Environment.of(Map.of()), problems))
                .isPresent();
        assertThat(problems.sorted()).isEmpty();
    }
}

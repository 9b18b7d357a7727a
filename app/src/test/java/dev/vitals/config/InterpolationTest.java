package dev.vitals.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final Environment env = Environment.of(Map.of("HOST", "db.local", "EMPTY", ""));
    private final List<String> problems = new ArrayList<>();

    private String apply(String text) {
        return Interpolation.apply(text, env, problems::add);
    }

    @Test
    void replacesVariablesAndDefaults() {
        assertThat(apply("http://${HOST}:${PORT:-5432}/")).isEqualTo("http://db.local:5432/");
        assertThat(apply("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(problems).isEmpty();
    }

    @Test
    void keepsDollarsThatAreNotReferences() {
        assertThat(apply("^220 $")).isEqualTo("^220 $");
        assertThat(apply("cost $$5")).isEqualTo("cost $5");
        assertThat(apply("a$b")).isEqualTo("a$b");
    }

    @Test
    void reportsUnsetVariablesAndBadReferences() {
        apply("${MISSING}");
        apply("${1BAD}");
        apply("${OPEN");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("MISSING is not set");
    }
}

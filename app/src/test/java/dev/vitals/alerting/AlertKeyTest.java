package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertKeyTest {
    @Test
    void theSameLabelsInAnyOrderAreTheSameAlert() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("alertname", "DiskFull");
        a.put("instance", "db1");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("instance", "db1");
        b.put("alertname", "DiskFull");
        assertThat(AlertKey.of("prometheus", a)).isEqualTo(AlertKey.of("prometheus", b));
        assertThat(AlertKey.of("prometheus", a).value()).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void differentSourcesOrLabelsAreDifferentAlerts() {
        Map<String, String> a = Map.of("alertname", "DiskFull", "instance", "db1");
        assertThat(AlertKey.of("prometheus", a)).isNotEqualTo(AlertKey.of("legacy-pager", a));
        assertThat(AlertKey.of("p", Map.of("a", "bc"))).isNotEqualTo(AlertKey.of("p", Map.of("ab", "c")));
        assertThat(AlertKey.of("p", Map.of("a", "b", "c", "d"))).isNotEqualTo(AlertKey.of("p", Map.of("a", "b")));
    }
}

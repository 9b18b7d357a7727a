package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.config.Environment;
import dev.vitals.configfile.ConfigFileReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing stage, on trees read from YAML as users write them. */
class RoutingTest {
    private static Routing routing(String route) {
        String yaml = """
                receivers:
                  - { name: ops, webhook: { url: "http://127.0.0.1:1/" } }
                  - { name: finance, webhook: { url: "http://127.0.0.1:2/" } }
                  - { name: dba, webhook: { url: "http://127.0.0.1:3/" } }
                  - { name: audit, webhook: { url: "http://127.0.0.1:4/" } }
                """ + route;
        return new Routing(new ConfigFileReader(Environment.of(Map.of()))
                .parse(Path.of("c.yaml"), yaml)
                .alerting()
                .route()
                .orElseThrow());
    }

    private static List<String> receivers(Routing r, Map<String, String> labels) {
        return r.route(labels).stream()
                .map(d -> d.receiver() + "@" + d.describe())
                .toList();
    }

    @Test
    void theFirstMatchingRouteTakesTheAlertAndTheRootCatchesTheRest() {
        Routing r = routing("""
                route:
                  receiver: ops
                  routes:
                    - match: { team: finance }
                      receiver: finance
                    - match_re: { service: "db-.*" }
                      receiver: dba
                """);
        assertThat(receivers(r, Map.of("team", "finance", "service", "db-payroll")))
                .containsExactly("finance@route.routes[0]");
        assertThat(receivers(r, Map.of("service", "db-erp"))).containsExactly("dba@route.routes[1]");
        assertThat(receivers(r, Map.of("service", "xdb-erp")))
                .as("a regex matches the whole value")
                .containsExactly("ops@route");
        assertThat(receivers(r, Map.of())).containsExactly("ops@route");
    }

    @Test
    void continueSendsToLaterSiblingsToo() {
        Routing r = routing("""
                route:
                  receiver: ops
                  routes:
                    - match: { severity: page }
                      receiver: audit
                      continue: true
                    - match: { team: finance }
                      receiver: finance
                    - match: { team: finance }
                      receiver: dba
                """);
        assertThat(receivers(r, Map.of("severity", "page", "team", "finance")))
                .containsExactly("audit@route.routes[0]", "finance@route.routes[1]");
        assertThat(receivers(r, Map.of("severity", "page"))).containsExactly("audit@route.routes[0]");
    }

    @Test
    void nestedRoutesInheritReceiverGroupingAndTimings() {
        Routing r = routing("""
                route:
                  receiver: ops
                  group_by: [service]
                  repeat_interval: 1h
                  routes:
                    - match: { team: finance }
                      receiver: finance
                      group_wait: 5s
                      routes:
                        - match: { service: erp }
                          group_by: [service, site]
                        - match: { service: payroll }
                          receiver: dba
                """);
        List<Routing.Destination> d = r.route(Map.of("team", "finance", "service", "erp"));
        assertThat(d).hasSize(1);
        assertThat(d.get(0).receiver()).as("inherited from its parent").isEqualTo("finance");
        assertThat(d.get(0).path()).containsExactly(0, 0);
        assertThat(d.get(0).groupBy()).containsExactly("service", "site");
        assertThat(d.get(0).timings())
                .isEqualTo(new RouteNode.Timings(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1)));
        assertThat(receivers(r, Map.of("team", "finance", "service", "payroll")))
                .containsExactly("dba@route.routes[0].routes[1]");
        assertThat(receivers(r, Map.of("team", "finance", "service", "crm")))
                .as("no child matched: the parent itself")
                .containsExactly("finance@route.routes[0]");
    }
}

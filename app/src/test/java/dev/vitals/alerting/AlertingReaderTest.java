package dev.vitals.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.configfile.ConfigFile;
import dev.vitals.configfile.ConfigFileReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertingReaderTest {
    private final ConfigFileReader reader = new ConfigFileReader(Environment.of(Map.of()));

    /** The receivers, route and integrations of issue 5's example, as written there. */
    static final String EXAMPLE = """
            receivers:
              - name: ops
                webhook: { url: "http://127.0.0.1:9099/hook" }
              - name: finance-mail
                email: { to: [finance-it@example.org], smtp: { host: 127.0.0.1, port: 2525 } }
            route:
              receiver: ops
              group_by: [service]
              group_wait: 0s
              group_interval: 30s
              repeat_interval: 4h
              routes:
                - match: { team: finance }
                  receiver: finance-mail
            integrations:
              - name: prometheus
                kind: alertmanager
                token: ${AM_TOKEN:-am-secret}
              - name: legacy-pager
                kind: pagerduty
                routing_key: 0123456789abcdef0123456789abcdef
            monitors: []
            """;

    @Test
    void theExampleOfTheIssueIsAcceptedAsWritten() {
        ConfigFile c = reader.parse(Path.of("c.yaml"), EXAMPLE);
        AlertingSettings a = c.alerting();
        assertThat(a.receivers()).extracting(Receiver::name).containsExactly("ops", "finance-mail");
        Receiver.Webhook hook =
                (Receiver.Webhook) a.receiver("ops").orElseThrow().targets().get(0);
        assertThat(hook.url()).hasToString("http://127.0.0.1:9099/hook");
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(10));
        Receiver.Email mail = (Receiver.Email)
                a.receiver("finance-mail").orElseThrow().targets().get(0);
        assertThat(mail.to()).containsExactly("finance-it@example.org");
        assertThat(mail.smtp().host()).isEqualTo("127.0.0.1");
        assertThat(mail.smtp().port()).isEqualTo(2525);
        assertThat(mail.smtp().starttls()).isEqualTo(Receiver.StartTls.IF_OFFERED);
        RouteNode root = a.route().orElseThrow();
        assertThat(root.receiver()).isEqualTo("ops");
        assertThat(root.timings())
                .isEqualTo(new RouteNode.Timings(Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(4)));
        RouteNode finance = root.routes().get(0);
        assertThat(finance.receiver()).isEqualTo("finance-mail");
        assertThat(finance.groupBy()).as("inherited").containsExactly("service");
        assertThat(finance.timings()).as("inherited").isEqualTo(root.timings());
        assertThat(a.integrations())
                .extracting(i ->
                        i.name() + " " + i.kind().word() + " " + i.credential().reveal())
                .containsExactly(
                        "prometheus alertmanager am-secret", "legacy-pager pagerduty 0123456789abcdef0123456789abcdef");
    }

    @Test
    void noAlertingSectionMeansNobodyIsNotified() {
        AlertingSettings a = reader.parse(Path.of("c.yaml"), "monitors: []\n").alerting();
        assertThat(a).isEqualTo(AlertingSettings.NONE);
    }

    @Test
    void mistakesAreReportedWhereTheyAre() {
        assertThat(problems("""
                        receivers:
                          - name: ops
                            webhook: { url: "ftp://x/" }
                          - name: ops
                            slack: { url: "https://hooks.example/1" }
                          - name: Mail
                            email: { to: [not-an-address] }
                          - name: lonely
                        route:
                          receiver: opz
                          group_wait: 2h
                          match: { a: b }
                          routes:
                            - receiver: nobody
                              continue: maybe
                        integrations:
                          - name: am
                            kind: alertmanager
                            token: short
                          - name: pd
                            kind: pagerdooty
                            routing_key: abc
                          - name: pd2
                            kind: pagerduty
                        """))
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "c.yaml:3:21: expected an absolute http or https URL with a host, found \"ftp://x/\"",
                        "c.yaml:4:5: receiver name \"ops\" is used twice; the first is at line 2",
                        "c.yaml:6:11: must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (at most 64)",
                        "c.yaml:7:12: smtp is required for email: smtp: { host: mail.example.org, port: 587 }",
                        "c.yaml:7:19: must be an email address such as it@example.org",
                        "c.yaml:8:5: receiver \"lonely\" has no channel: give one of alertmanager, email, pagerduty, slack, teams, webhook",
                        "c.yaml:10:3: the top route takes every alert: match, match_re and continue belong to its routes",
                        "c.yaml:10:13: no receiver named \"opz\"; did you mean \"ops\"?",
                        "c.yaml:11:15: must be between 0s and 1h",
                        "c.yaml:14:17: no receiver named \"nobody\"",
                        "c.yaml:15:17: expected true or false, found \"maybe\"",
                        "c.yaml:19:12: the token must be at least 8 characters",
                        "c.yaml:21:11: \"pagerdooty\" is not one of alertmanager, pagerduty, webhook; did you mean \"pagerduty\"?",
                        "c.yaml:23:5: routing_key is required for an integration of kind pagerduty");
    }

    @Test
    void receiversWithoutARouteAreRefused() {
        assertThat(problems("receivers:\n  - name: ops\n    webhook: { url: \"http://127.0.0.1:1/\" }\n"))
                .extracting(Problem::toString)
                .containsExactly(
                        "c.yaml:2:3: receivers are given but no route: add route: { receiver: NAME } to say who gets what");
    }

    @Test
    void twoIntegrationsCannotShareACredential() {
        assertThat(problems("""
                        integrations:
                          - { name: a, kind: alertmanager, token: same-token-123 }
                          - { name: b, kind: alertmanager, token: same-token-123 }
                        """))
                .extracting(Problem::toString)
                .containsExactly("c.yaml:3:5: integration \"b\" has the same credential as the one at line 2");
    }

    private List<Problem> problems(String yaml) {
        try {
            reader.parse(Path.of("c.yaml"), yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }
}

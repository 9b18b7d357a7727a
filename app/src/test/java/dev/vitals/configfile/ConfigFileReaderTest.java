package dev.vitals.configfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.config.ConfigException;
import dev.vitals.config.Environment;
import dev.vitals.config.Problem;
import dev.vitals.monitors.DnsTarget;
import dev.vitals.monitors.HttpTarget;
import dev.vitals.monitors.Monitor;
import dev.vitals.monitors.Origin;
import dev.vitals.monitors.RedisTarget;
import dev.vitals.monitors.SqlTarget;
import dev.vitals.monitors.StatusRange;
import dev.vitals.monitors.TcpTarget;
import dev.vitals.monitors.TlsTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileReaderTest {
    private final ConfigFileReader reader = new ConfigFileReader(Environment.of(Map.of("ERP_DB_PASSWORD", "s3cret")));

    @Test
    void theIssueExampleIsAcceptedAsWritten() {
        ConfigFile config = reader.read(Path.of("../examples/vitals.yaml"));
        assertThat(config.monitors())
                .extracting(Monitor::id)
                .containsExactly("intranet", "mail", "dns", "portal-cert", "erp-db", "cache");

        Monitor intranet = config.monitors().get(0);
        assertThat(intranet.name()).isEqualTo("Intranet");
        assertThat(intranet.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(intranet.slow()).isEqualTo(Duration.ofMillis(800));
        assertThat(intranet.labels()).containsEntry("team", "it").containsEntry("service", "intranet");
        assertThat(intranet.origin()).isInstanceOf(Origin.File.class);
        HttpTarget http = (HttpTarget) intranet.target();
        assertThat(http.expect().status()).containsExactly(new StatusRange(200, 200));
        assertThat(http.expect().bodyContains()).contains("ok");

        assertThat(((TcpTarget) config.monitors().get(1).target()).expect().bannerMatches())
                .isPresent();
        DnsTarget dns = (DnsTarget) config.monitors().get(2).target();
        assertThat(dns.server().orElseThrow().port()).isEqualTo(5353);
        assertThat(dns.expect().answersInclude()).containsExactly("10.0.0.10");
        assertThat(((TlsTarget) config.monitors().get(3).target()).expect().daysLeftAtLeast())
                .hasValue(14);
        SqlTarget sql = (SqlTarget) config.monitors().get(4).target();
        assertThat(sql.password().orElseThrow().reveal()).isEqualTo("s3cret");
        assertThat(sql.password().orElseThrow().toString()).doesNotContain("s3cret");
        assertThat(((RedisTarget) config.monitors().get(5).target())
                        .effectiveExpect()
                        .reply())
                .contains("PONG");
    }

    @Test
    void anUnsetVariableWithAnEmptyDefaultLeavesNoPassword() {
        ConfigFile config = new ConfigFileReader(Environment.of(Map.of())).read(Path.of("../examples/vitals.yaml"));
        assertThat(((SqlTarget) config.monitors().get(4).target()).password()).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithLineColumnAndSuggestion() {
        String yaml = """
                monitors:
                  - id: web
                    kind: http
                    url: http://127.0.0.1/
                    intervall: 30s
                  - id: db
                    kind: postgress
                  - id: web
                    kind: tcp
                    host: x
                    port: 99999
                """;
        List<Problem> problems = problems(yaml);
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        "c.yaml:5:5: unknown key \"intervall\"; did you mean \"interval\"?",
                        "c.yaml:7:11: \"postgress\" is not one of dns, http, mysql, postgres, push, redis, tcp, tls; did you mean \"postgres\"?",
                        "c.yaml:11:11: must be between 1 and 65535, not 99999");
    }

    @Test
    void aDuplicateIdIsReportedAtItsSecondUse() {
        List<Problem> problems = problems("""
                monitors:
                  - { id: a, kind: tcp, host: h, port: 1 }
                  - { id: a, kind: tcp, host: h, port: 2 }
                """);
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly("c.yaml:3:5: monitor id \"a\" is used twice; the first is at line 2");
    }

    @Test
    void aMissingVariableWithoutDefaultIsAnError() {
        List<Problem> problems = problems("""
                monitors:
                  - { id: a, kind: http, url: "http://${HOST}/" }
                """);
        assertThat(problems)
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("environment variable HOST is not set");
    }

    @Test
    void aSlowThresholdAtOrAboveTheTimeoutIsRefused() {
        List<Problem> problems = problems("""
                monitors:
                  - { id: a, kind: http, url: "http://h/", timeout: 2s, slow: 2s }
                """);
        assertThat(problems)
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .startsWith("slow (2s) must be shorter than timeout (2s)");
    }

    @Test
    void aBareNumberIsNotADuration() {
        List<Problem> problems = problems("""
                monitors:
                  - { id: a, kind: http, url: "http://h/", interval: 30 }
                """);
        assertThat(problems)
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("add a unit, for example 30s");
    }

    @Test
    void syntaxErrorsNameTheirLine() {
        List<Problem> problems = problems("monitors:\n  - id: a\n   kind: [\n");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isGreaterThan(1);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void secretsCanComeFromFilesRelativeToTheConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("db.pass"), "from-file\n");
        Path config = dir.resolve("vitals.yaml");
        Files.writeString(config, """
                monitors:
                  - id: db
                    kind: postgres
                    url: jdbc:postgresql://127.0.0.1/test
                    password_file: db.pass
                """);
        ConfigFile file = new ConfigFileReader(Environment.system()).read(config);
        assertThat(((SqlTarget) file.monitors().get(0).target())
                        .password()
                        .orElseThrow()
                        .reveal())
                .isEqualTo("from-file");
    }

    @Test
    void renderedMonitorsReadBackEqual() {
        ConfigFile config = reader.read(Path.of("../examples/vitals.yaml"));
        for (Monitor m : config.monitors()) {
            String yaml = toYaml(Map.of("monitors", List.of(m.render())));
            Monitor back = reader.parse(Path.of("r.yaml"), yaml).monitors().get(0);
            if (m.target() instanceof SqlTarget) {
                continue; // secrets are not rendered, by design
            }
            assertThat(back.target()).as(m.id()).isEqualTo(m.target());
            assertThat(back.sameCheckAs(m)).as(m.id()).isTrue();
        }
    }

    @Test
    void unknownTopLevelKeysAreRefused() {
        assertThat(problems("monitor: []\n"))
                .extracting(Problem::toString)
                .containsExactly("c.yaml:1:1: unknown key \"monitor\"; did you mean \"monitors\"?");
    }

    @Test
    void retentionCanBeSetPerLevelAndDefaultsTheRest() {
        ConfigFile f = reader.parse(Path.of("r.yaml"), "retention: { raw: 14d, minute: 400d }\nmonitors: []\n");
        assertThat(f.retention().raw()).isEqualTo(Duration.ofDays(14));
        assertThat(f.retention().minute()).isEqualTo(Duration.ofDays(400));
        assertThat(f.retention().hour()).isEqualTo(dev.vitals.results.Retention.Keep.DEFAULT.hour());
    }

    @Test
    void aRetentionOutOfRangeOrMisspeltIsRefusedWhereItIs() {
        assertThat(problems("retention:\n  raw: 1h\n  hours: 400d\nmonitors: []\n"))
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "c.yaml:2:8: must be between 1d and 7300d",
                        "c.yaml:3:3: unknown key \"hours\"; did you mean \"hour\"?");
    }

    private List<Problem> problems(String yaml) {
        try {
            reader.parse(Path.of("c.yaml"), yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }

    private static String toYaml(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(
                            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFileThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> reader.read(Path.of("nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("nope.yaml: file not found");
    }
}

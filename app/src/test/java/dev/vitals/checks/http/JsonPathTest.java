package dev.vitals.checks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    private static final JsonNode DOC =
            read("{\"a\":{\"b\":[{\"c\":\"x\"},{\"c\":2.5}]},\"d.e\":true,\"n\":null,\"o\":{\"k\":1}}");

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<String> at(String path) {
        return JsonPath.parse(path).find(DOC).map(JsonPath::text);
    }

    @Test
    void dottedNamesAndIndexesWalkTheDocument() {
        assertThat(at("$.a.b[0].c")).contains("x");
        assertThat(at("a.b[1].c")).contains("2.5");
        assertThat(at("$['d.e']")).contains("true");
        assertThat(at("$.n")).contains("null");
        assertThat(at("$.o")).contains("{\"k\":1}");
    }

    @Test
    void aPathThatLeadsNowhereFindsNothing() {
        assertThat(at("$.a.b[5].c")).isEmpty();
        assertThat(at("$.a.x")).isEmpty();
        assertThat(at("$.a.b.c")).isEmpty();
    }

    @Test
    void pathsAreShownWithTheirDollar() {
        assertThat(JsonPath.parse("status")).hasToString("$.status");
        assertThat(JsonPath.parse("$.status")).hasToString("$.status");
        assertThat(JsonPath.parse("[0].a")).hasToString("$[0].a");
    }

    @Test
    void aBrokenPathSaysWhere() {
        assertThatThrownBy(() -> JsonPath.parse("$.a[x]")).hasMessageContaining("[x]");
        assertThatThrownBy(() -> JsonPath.parse("$.a..b")).hasMessageContaining("empty name");
        assertThatThrownBy(() -> JsonPath.parse("$.a[0")).hasMessageContaining("missing ]");
    }
}

package dev.vitals.silences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatcherTest {
    private static final Map<String, String> ERP = Map.of("service", "erp", "team", "finance");

    @Test
    void equalMatchesTheSameValueOnly() {
        assertThat(Matchers.parse("m", "service=\"erp\"").matches(ERP)).isTrue();
        assertThat(Matchers.parse("m", "service=\"crm\"").matches(ERP)).isFalse();
    }

    @Test
    void notEqualMatchesOtherValuesAndAMissingLabel() {
        assertThat(Matchers.parse("m", "service!=\"crm\"").matches(ERP)).isTrue();
        assertThat(Matchers.parse("m", "service!=\"erp\"").matches(ERP)).isFalse();
        assertThat(Matchers.parse("m", "site!=\"berlin\"").matches(ERP)).isTrue();
    }

    @Test
    void regexMatchesTheWholeValueNotAPart() {
        assertThat(Matchers.parse("m", "service=~\"erp|crm\"").matches(ERP)).isTrue();
        assertThat(Matchers.parse("m", "service=~\"er\"").matches(ERP)).isFalse();
        assertThat(Matchers.parse("m", "service=~\"erp\"").matches(Map.of("service", "erp-test")))
                .isFalse();
        assertThat(Matchers.parse("m", "service=~\"e.*\"").matches(ERP)).isTrue();
    }

    @Test
    void anAlternationIsAnchoredAsAWholeNotJustItsEnds() {
        // ^a|b$ would match "ab..." ; ^(?:a|b)$ must not.
        assertThat(Matchers.parse("m", "service=~\"e|crm\"").matches(Map.of("service", "erp")))
                .isFalse();
    }

    @Test
    void notRegexMatchesWhatTheRegexDoesNot() {
        assertThat(Matchers.parse("m", "service!~\"crm|hr\"").matches(ERP)).isTrue();
        assertThat(Matchers.parse("m", "service!~\"e.p\"").matches(ERP)).isFalse();
    }

    @Test
    void aMissingLabelIsTheEmptyString() {
        assertThat(Matchers.parse("m", "site=\"\"").matches(ERP)).isTrue();
        assertThat(Matchers.parse("m", "site=~\".*\"").matches(ERP)).isTrue();
    }

    @Test
    void theShortFormTakesEscapedQuotesAndBareValues() {
        Matcher m = Matchers.parse("m", " note = \"say \\\"hi\\\"\" ");
        assertThat(m.name()).isEqualTo("note");
        assertThat(m.value()).isEqualTo("say \"hi\"");
        assertThat(Matchers.parse("m", "service=erp").value()).isEqualTo("erp");
        assertThat(Matchers.parse("m", m.toString())).isEqualTo(m);
    }

    @Test
    void aBadRegexIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> Matchers.parse("matchers[2]", "service=~\"(erp\""))
                .isInstanceOf(SilenceException.class)
                .hasMessageContaining("not a valid regular expression")
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("matchers[2].value");
    }

    @Test
    void anEmptyNameIsRefused() {
        assertThatThrownBy(() -> Matchers.parse("m", "=\"erp\""))
                .isInstanceOf(SilenceException.class)
                .hasMessageContaining("is not a matcher");
        assertThatThrownBy(() -> Matcher.of("m", " ", Matcher.Op.EQUAL, "x"))
                .isInstanceOf(SilenceException.class)
                .hasMessageContaining("needs a label name");
    }

    @Test
    void jsonMatchersNameTheFieldOfEachMistake() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Matcher> ok = Matchers.fromJson(
                "matchers",
                json.readTree("[{\"name\": \"service\", \"op\": \"=~\", \"value\": \"erp|crm\"}, \"team=finance\"]"));
        assertThat(ok).hasSize(2);
        assertThat(ok.get(0).op()).isEqualTo(Matcher.Op.REGEX);
        assertThatThrownBy(() -> Matchers.fromJson(
                        "matchers", json.readTree("[\"a=b\", {\"name\": \"x\", \"op\": \"~\", \"value\": \"1\"}]")))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("matchers[1].op");
        assertThatThrownBy(() -> Matchers.fromJson("matchers", json.readTree("[]")))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> Matchers.fromJson("matchers", json.readTree("[{\"name\": \"x\"}]")))
                .extracting(e -> ((SilenceException) e).field())
                .isEqualTo("matchers[0].value");
    }

    @Test
    void theStoredFormReadsBackToTheSameMatchers() {
        List<Matcher> ms = List.of(Matchers.parse("m", "service=~\"erp|crm\""), Matchers.parse("m", "team!=\"it\""));
        assertThat(Matchers.fromStored(Matchers.toJson(ms))).isEqualTo(ms);
    }
}

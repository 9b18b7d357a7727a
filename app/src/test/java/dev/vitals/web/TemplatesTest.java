package dev.vitals.web;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the templates themselves promise, read from their sources: the Content-Security-Policy of the
 * pages forbids inline script and style, so a template that had any would show a broken page.
 */
class TemplatesTest {
    private static final Path SOURCES = Path.of("src/main/jte");

    private static List<Path> templates() throws IOException {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".jte")).sorted().toList();
        }
    }

    @Test
    void noTemplateHasInlineScriptOrStyleOrUnescapedOutput() throws IOException {
        assertThat(templates()).isNotEmpty();
        for (Path t : templates()) {
            String text = Files.readString(t);
            assertThat(text)
                    .as(t.toString())
                    .doesNotContainPattern("(?i)<script(?![^>]*\\ssrc=)")
                    .doesNotContainPattern("(?i)<style|\\sstyle=|\\son[a-z]+=")
                    .doesNotContain("$unsafe")
                    .doesNotContainPattern("(?i)javascript:");
        }
    }

    @Test
    void everyPostFormInATemplateCarriesTheCsrfField() throws IOException {
        for (Path t : templates()) {
            Matcher form =
                    Pattern.compile("(?s)<form[^>]*method=\"post\".*?</form>").matcher(Files.readString(t));
            while (form.find()) {
                assertThat(form.group()).as(t.toString()).contains("name=\"_csrf\"");
            }
        }
    }

    @Test
    void theSignInPageOffersSingleSignOnWhenItIsSetUp() {
        TemplateEngine engine = TemplateEngine.createPrecompiled(
                null, ContentType.Html, TemplatesTest.class.getClassLoader(), "dev.vitals.web.jte");
        Frame frame = new Frame("Sign in", Optional.empty(), List.of(), false, "", List.of(), "/assets/vitals.css");
        StringOutput out = new StringOutput();
        engine.render(
                "login.jte",
                new LoginPage(
                        frame,
                        "token",
                        "",
                        false,
                        "/admin/users",
                        Optional.of(new Link("/auth/oidc/start?next=%2Fadmin%2Fusers", "Sign in with Example", false))),
                out);
        assertThat(out.toString())
                .contains("<a class=\"button secondary\" href=\"/auth/oidc/start?next=%2Fadmin%2Fusers\">"
                        + "Sign in with Example</a>");
    }
}

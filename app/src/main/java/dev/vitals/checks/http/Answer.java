package dev.vitals.checks.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vitals.config.Sizes;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Optional;

/**
 * The final response of a check as far as it was read: status, at most {@code max_body} bytes of
 * body, and the certificate expiry. The body is decoded and parsed only when an assertion asks,
 * and at most once for {@code expect} and {@code warn} together.
 */
final class Answer {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final int status;
    private final byte[] body;
    private final Charset charset;
    private final boolean truncated;
    private final long cap;
    private final Optional<Instant> certificateExpiry;
    private String text;
    private Optional<JsonNode> json;

    Answer(int status, byte[] body, Charset charset, boolean truncated, long cap, Optional<Instant> expiry) {
        this.status = status;
        this.body = body;
        this.charset = charset;
        this.truncated = truncated;
        this.cap = cap;
        this.certificateExpiry = expiry;
    }

    int status() {
        return status;
    }

    Optional<Instant> certificateExpiry() {
        return certificateExpiry;
    }

    String text() {
        if (text == null) {
            text = new String(body, charset);
        }
        return text;
    }

    /** The body as JSON, or empty when it is not JSON (or was cut off in the middle). */
    Optional<JsonNode> json() {
        if (json == null) {
            try {
                JsonNode node = JSON.readTree(body);
                json = node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
            } catch (JacksonException e) {
                json = Optional.empty();
            } catch (IOException e) {
                json = Optional.empty();
            }
        }
        return json;
    }

    /** Added to a body assertion's reason when only part of the body was judged. */
    String truncationNote() {
        if (!truncated) {
            return "";
        }
        String size = Sizes.format(cap);
        return " (only the first " + (size.chars().allMatch(Character::isDigit) ? size + " bytes" : size)
                + " were read)";
    }
}

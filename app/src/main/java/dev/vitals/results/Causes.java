package dev.vitals.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitals.checks.Outcome;
import dev.vitals.evaluation.ResultSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The causes of a flip as stored: a JSON array of result summaries, readable in the database too. */
final class Causes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Causes() {}

    static String encode(List<ResultSummary> causes) {
        ArrayNode a = JSON.createArrayNode();
        for (ResultSummary r : causes) {
            ObjectNode o = a.addObject();
            o.put("at", r.at().toEpochMilli());
            o.put("outcome", r.outcome().word());
            o.put("latency_us", r.latency().toNanos() / 1000);
            r.reason().ifPresent(v -> o.put("reason", v));
        }
        return a.toString();
    }

    static List<ResultSummary> decode(String json) {
        try {
            List<ResultSummary> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                out.add(new ResultSummary(
                        Instant.ofEpochMilli(n.path("at").asLong()),
                        Outcome.valueOf(n.path("outcome").asText().toUpperCase(Locale.ROOT)),
                        Duration.ofNanos(n.path("latency_us").asLong() * 1000),
                        n.hasNonNull("reason") ? Optional.of(n.get("reason").asText()) : Optional.empty()));
            }
            return out;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of();
        }
    }
}

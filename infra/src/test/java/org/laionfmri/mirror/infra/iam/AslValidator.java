package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** A state machine definition checked by amazon-states-language-service, the validator of AWS's Step Functions tooling. */
final class AslValidator {

    private AslValidator() {}

    /** The validator's diagnostics, each as "line:column message"; none for a valid definition. */
    static List<String> diagnostics(String definition) {
        try {
            List<String> diagnostics = new ArrayList<>();
            for (JsonNode diagnostic : new ObjectMapper().readTree(NodeTools.run("validate-asl.js", definition))) {
                JsonNode start = diagnostic.path("range").path("start");
                diagnostics.add((start.path("line").asInt() + 1) + ":" + (start.path("character").asInt() + 1) + " " + diagnostic.path("message").asText());
            }
            return diagnostics;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("validate-asl.js answered no JSON: " + e.getMessage(), e);
        }
    }
}

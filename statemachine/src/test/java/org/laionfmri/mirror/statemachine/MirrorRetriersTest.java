package org.laionfmri.mirror.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every function call of the deployed definition rides out what Lambda's documentation lists as
 * transient (the service's own errors, SnapStart's, the SDK's) and throttling, the latter long enough
 * for a throttled account: the local engine never raises these, so only the definition can show it.
 */
class MirrorRetriersTest {

    private static final List<String> TRANSIENT = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
            "Lambda.ClientExecutionTimeoutException", "Lambda.SnapStartException", "Lambda.SnapStartTimeoutException",
            "Lambda.SnapStartNotReadyException");

    @Test
    void everyFunctionCallRetriesTransientLambdaErrorsAndThrottling() throws IOException {
        Map<String, JsonNode> tasks = tasks();

        assertThat(tasks).containsOnlyKeys("Validate", "LicenceGate", "Plan", "CopyBatch", "Stimuli", "Report");
        tasks.forEach((name, task) -> {
            List<String> retried = new ArrayList<>();
            task.path("Retry").forEach(retrier -> retrier.path("ErrorEquals").forEach(error -> retried.add(error.asText())));
            assertThat(retried).as(name).containsAll(TRANSIENT).contains("Lambda.TooManyRequestsException").doesNotContain("States.ALL");
            JsonNode throttling = retrier(task, "Lambda.TooManyRequestsException");
            assertThat(throttling.path("MaxAttempts").asInt()).as(name + ": throttling attempts").isGreaterThanOrEqualTo(10);
            assertThat(throttling.path("MaxDelaySeconds").asInt()).as(name + ": throttling's longest wait").isGreaterThanOrEqualTo(60);
            assertThat(throttling.path("JitterStrategy").asText()).as(name).isEqualTo("FULL");
        });
    }

    private static JsonNode retrier(JsonNode task, String error) {
        for (JsonNode retrier : task.path("Retry")) {
            for (JsonNode named : retrier.path("ErrorEquals")) {
                if (named.asText().equals(error)) {
                    return retrier;
                }
            }
        }
        throw new AssertionError("no retrier for " + error);
    }

    /** The Task states by name, in the Parallel branches and the Map's processor too. */
    private static Map<String, JsonNode> tasks() throws IOException {
        try (InputStream in = MirrorDefinition.class.getResourceAsStream(MirrorDefinition.RESOURCE)) {
            Map<String, JsonNode> tasks = new LinkedHashMap<>();
            collect(new ObjectMapper().readTree(in).path("States"), tasks);
            return tasks;
        }
    }

    private static void collect(JsonNode states, Map<String, JsonNode> tasks) {
        states.properties().forEach(state -> {
            JsonNode body = state.getValue();
            switch (body.path("Type").asText()) {
                case "Task" -> tasks.put(state.getKey(), body);
                case "Parallel" -> body.path("Branches").forEach(branch -> collect(branch.path("States"), tasks));
                case "Map" -> collect(body.path("ItemProcessor").path("States"), tasks);
                default -> { }
            }
        });
    }
}

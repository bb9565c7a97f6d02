package org.laionfmri.mirror.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.copy.BatchResult;
import org.laionfmri.mirror.storage.ObjectStore;

/**
 * Reads what a Distributed Map's ResultWriter exported: its {@code manifest.json} lists result files by
 * child-execution status, each a JSON array of executions, by the keys the engine names them with. Succeeded ones carry a copy batch's result
 * as their {@code Output}; failed (and never-run) ones carry their batch in their {@code Input}, whose
 * items then count as failed. Files are streamed, one execution at a time.
 */
public final class MapRunResults {

    private final ObjectStore mirror;
    private final ObjectMapper json;

    public MapRunResults(ObjectStore mirror, ObjectMapper json) {
        this.mirror = mirror;
        this.json = json;
    }

    public void addTo(RunTotals totals, String manifestKey) {
        JsonNode files = readTree(manifestKey).path("ResultFiles");
        for (JsonNode file : files.path("SUCCEEDED")) {
            forEachExecution(file.path("Key").asText(), execution ->
                    totals.batch(parse(execution.path("Output").asText(), BatchResult.class)));
        }
        for (String status : List.of("FAILED", "PENDING")) {
            for (JsonNode file : files.path(status)) {
                forEachExecution(file.path("Key").asText(), execution -> totals.failedBatch(
                        itemKeys(execution.path("Input").asText()), execution.path("Error").asText(status.equals("FAILED") ? "Failed" : "NotRun")));
            }
        }
    }

    private interface ExecutionConsumer {
        void accept(JsonNode execution);
    }

    private void forEachExecution(String key, ExecutionConsumer consumer) {
        try (InputStream in = mirror.read(mirror.address().relative(key)); MappingIterator<JsonNode> executions = json.readerFor(JsonNode.class).readValues(in)) {
            while (executions.hasNext()) {
                consumer.accept(executions.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the map run results in " + key, e);
        }
    }

    private List<String> itemKeys(String input) {
        List<String> keys = new ArrayList<>();
        parse(input, JsonNode.class).path("items").forEach(item -> keys.add(item.path("key").asText()));
        return keys;
    }

    private JsonNode readTree(String key) {
        try (InputStream in = mirror.read(mirror.address().relative(key))) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the map run manifest " + key, e);
        }
    }

    private <T> T parse(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a map run result is not the JSON expected: " + e.getMessage(), e);
        }
    }
}

package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A Map state's configuration. Inline maps iterate an array of the input ({@code ItemsPath}).
 * Distributed maps read items from S3 ({@code ItemReader}: {@code arn:aws:states:::s3:getObject} in any partition, JSON or
 * JSONL), group them ({@code ItemBatcher}: {@code MaxItemsPerBatch}, {@code MaxInputBytesPerBatch},
 * {@code BatchInput}), run each item or batch as a child execution of {@code ItemProcessor} with at most
 * {@code MaxConcurrency} at once, tolerate {@code ToleratedFailurePercentage}/{@code Count} failures,
 * and export results ({@code ResultWriter}: {@code arn:aws:states:::s3:putObject}). A field given as
 * {@code ...Path} is read from the state's input.
 */
record MapConfig(
        boolean distributed,
        States processor,
        String itemsPath,
        Template itemSelector,
        JsonNode maxConcurrency,
        Template itemReader,
        String readerInputType,
        JsonNode maxItemsPerBatch,
        JsonNode maxInputBytesPerBatch,
        Template batchInput,
        Template resultWriter,
        JsonNode toleratedFailurePercentage,
        JsonNode toleratedFailureCount,
        String label) {

    static MapConfig parse(String where, JsonNode json) {
        JsonNode processor = json.get("ItemProcessor");
        if (processor == null) {
            throw new DefinitionException(where, "ItemProcessor is required");
        }
        JsonNode config = processor.path("ProcessorConfig");
        boolean distributed = config.path("Mode").asText("INLINE").equals("DISTRIBUTED");
        if (distributed && !config.path("ExecutionType").asText("").matches("EXPRESS|STANDARD")) {
            throw new DefinitionException(where + ".ItemProcessor.ProcessorConfig", "a distributed map needs ExecutionType EXPRESS or STANDARD");
        }
        for (String field : Set.of("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label")) {
            if (!distributed && json.has(field)) {
                throw new DefinitionException(where + "." + field, "applies to distributed maps only");
            }
        }
        Template reader = null;
        String inputType = null;
        if (json.has("ItemReader")) {
            JsonNode itemReader = json.get("ItemReader");
            States.allowOnly(where + ".ItemReader", itemReader, Set.of("Resource", "Parameters", "ReaderConfig"));
            if (!Resources.isIntegration(itemReader.path("Resource").asText(), Resources.S3_GET_OBJECT)) {
                throw new DefinitionException(where + ".ItemReader.Resource", "only " + Resources.describe(Resources.S3_GET_OBJECT) + " is supported");
            }
            States.allowOnly(where + ".ItemReader.ReaderConfig", itemReader.path("ReaderConfig").isMissingNode()
                    ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : itemReader.get("ReaderConfig"), Set.of("InputType"));
            inputType = itemReader.path("ReaderConfig").path("InputType").asText("JSON");
            if (!inputType.equals("JSON") && !inputType.equals("JSONL")) {
                throw new DefinitionException(where + ".ItemReader.ReaderConfig.InputType", "only JSON and JSONL are supported");
            }
            reader = Template.compile(where + ".ItemReader.Parameters", itemReader.path("Parameters"));
        }
        JsonNode batcher = json.path("ItemBatcher");
        if (!batcher.isMissingNode()) {
            States.allowOnly(where + ".ItemBatcher", batcher, Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath",
                    "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"));
        }
        Template writer = null;
        if (json.has("ResultWriter")) {
            JsonNode resultWriter = json.get("ResultWriter");
            States.allowOnly(where + ".ResultWriter", resultWriter, Set.of("Resource", "Parameters"));
            if (!Resources.isIntegration(resultWriter.path("Resource").asText(), Resources.S3_PUT_OBJECT)) {
                throw new DefinitionException(where + ".ResultWriter.Resource", "only " + Resources.describe(Resources.S3_PUT_OBJECT) + " is supported");
            }
            writer = Template.compile(where + ".ResultWriter.Parameters", resultWriter.path("Parameters"));
        }
        String itemsPath = json.path("ItemsPath").asText("$");
        JsonPaths.validate(where + ".ItemsPath", itemsPath);
        return new MapConfig(distributed, States.parse(where + ".ItemProcessor", withoutConfig(processor)), itemsPath,
                json.has("ItemSelector") ? Template.compile(where + ".ItemSelector", json.get("ItemSelector")) : null,
                either(where, json, "MaxConcurrency"), reader, inputType,
                either(where + ".ItemBatcher", batcher, "MaxItemsPerBatch"), either(where + ".ItemBatcher", batcher, "MaxInputBytesPerBatch"),
                batcher.has("BatchInput") ? Template.compile(where + ".ItemBatcher.BatchInput", batcher.get("BatchInput")) : null,
                writer, either(where, json, "ToleratedFailurePercentage"), either(where, json, "ToleratedFailureCount"),
                json.path("Label").asText(null));
    }

    boolean batched() {
        return maxItemsPerBatch != null || maxInputBytesPerBatch != null;
    }

    /** A value given as {@code Field} (a number) or {@code FieldPath} (a path to it, as text); null when neither. */
    private static JsonNode either(String where, JsonNode json, String field) {
        if (json.has(field) && json.has(field + "Path")) {
            throw new DefinitionException(where, "give " + field + " or " + field + "Path, not both");
        }
        if (json.has(field + "Path")) {
            JsonPaths.validate(where + "." + field + "Path", json.get(field + "Path").asText());
            return json.get(field + "Path");
        }
        if (json.has(field) && !json.get(field).isNumber()) {
            throw new DefinitionException(where + "." + field, "must be a number");
        }
        return json.get(field);
    }

    /** The processor's graph, its ProcessorConfig having been read here. */
    private static JsonNode withoutConfig(JsonNode processor) {
        com.fasterxml.jackson.databind.node.ObjectNode graph = processor.deepCopy();
        graph.remove("ProcessorConfig");
        return graph;
    }

    /** Resolves a number-or-path setting against the state's input. */
    static double resolve(JsonNode setting, JsonNode input, JsonNode context, double absent) {
        if (setting == null) {
            return absent;
        }
        JsonNode value = setting.isTextual() ? JsonPaths.read(setting.textValue(), input, context) : setting;
        if (!value.isNumber()) {
            throw new StatesError(StatesError.RUNTIME, "the map setting " + setting + " is not a number: " + value);
        }
        return value.doubleValue();
    }
}

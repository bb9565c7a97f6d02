package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.laionfmri.mirror.engine.States.State;

/**
 * Runs Distributed Map states: items from S3 or the input, batched, each batch a child execution of
 * the item processor (its transitions counted apart), at most MaxConcurrency at once; failures checked
 * against the tolerated threshold; results exported by the ResultWriter in Step Functions' layout
 * ({@code <Prefix>/<map run id>/manifest.json} and {@code SUCCEEDED_0.json}, {@code FAILED_0.json}, ...).
 * Items stream from the reader; each child's result is kept (a small JSON per batch) until the results
 * are written.
 */
final class MapRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_CONCURRENCY = 1000;

    /** Builds the runner for an interpreter (they call each other: a child execution is interpreted). */
    interface Factory {
        MapRunner create(Interpreter interpreter);
    }

    /** Live state of one map run, for DescribeMapRun. */
    static final class Tracking {
        final String arn;
        final String executionArn;
        final Instant start;
        volatile Instant stop;
        volatile ExecutionStatus status = ExecutionStatus.RUNNING;
        volatile int maxConcurrency;
        volatile double toleratedPercentage;
        volatile long toleratedCount;
        final AtomicLong itemsSucceeded = new AtomicLong();
        final AtomicLong itemsFailed = new AtomicLong();
        final AtomicLong itemsRunning = new AtomicLong();
        final AtomicLong executionsSucceeded = new AtomicLong();
        final AtomicLong executionsFailed = new AtomicLong();
        final AtomicLong executionsRunning = new AtomicLong();
        final AtomicLong resultsWritten = new AtomicLong();
        final AtomicLong transitions = new AtomicLong();

        Tracking(String arn, String executionArn, Instant start) {
            this.arn = arn;
            this.executionArn = executionArn;
            this.start = start;
        }

        MapRunInfo info() {
            long itemsTotal = itemsSucceeded.get() + itemsFailed.get() + itemsRunning.get();
            long executionsTotal = executionsSucceeded.get() + executionsFailed.get() + executionsRunning.get();
            return new MapRunInfo(arn, executionArn, status, start, stop, maxConcurrency, toleratedPercentage, toleratedCount,
                    new MapRunInfo.Counts(0, itemsRunning.get(), itemsSucceeded.get(), itemsFailed.get(), 0, 0, itemsTotal, resultsWritten.get()),
                    new MapRunInfo.Counts(0, executionsRunning.get(), executionsSucceeded.get(), executionsFailed.get(), 0, 0, executionsTotal,
                            resultsWritten.get()),
                    transitions.get());
        }
    }

    private final Interpreter interpreter;
    private final ObjectStore store;
    private final ExecutorService workers;
    private final Consumer<Tracking> registry;

    MapRunner(Interpreter interpreter, ObjectStore store, ExecutorService workers, Consumer<Tracking> registry) {
        this.interpreter = interpreter;
        this.store = store;
        this.workers = workers;
        this.registry = registry;
    }

    JsonNode run(State state, JsonNode effective, Run parent, ObjectNode context) {
        MapConfig config = state.map();
        String label = config.label() != null ? config.label() : state.name();
        String id = UUID.randomUUID().toString();
        Tracking tracking = new Tracking(parent.stateMachineArn.replace(":stateMachine:", ":mapRun:") + "/" + label + ":" + id,
                parent.arn, parent.now());
        int maxConcurrency = (int) MapConfig.resolve(config.maxConcurrency(), effective, context, 0);
        if (maxConcurrency < 0) {
            throw new StatesError(StatesError.RUNTIME, "state " + state.name() + ": MaxConcurrency must not be negative, not " + maxConcurrency);
        }
        tracking.maxConcurrency = maxConcurrency;
        tracking.toleratedPercentage = MapConfig.resolve(config.toleratedFailurePercentage(), effective, context, 0);
        tracking.toleratedCount = (long) MapConfig.resolve(config.toleratedFailureCount(), effective, context, 0);
        registry.accept(tracking);
        parent.record("MapRunStarted", JsonPaths.object().put("mapRunArn", tracking.arn));

        Semaphore slots = new Semaphore(maxConcurrency <= 0 ? DEFAULT_CONCURRENCY : maxConcurrency);
        List<Future<ChildResult>> children = new ArrayList<>();
        try {
            return dispatch(state, config, effective, context, parent, tracking, slots, children, id);
        } catch (RuntimeException failure) {
            children.forEach(child -> child.cancel(true));
            tracking.stop = parent.now();
            tracking.status = ExecutionStatus.FAILED;
            throw failure;
        }
    }

    private JsonNode dispatch(State state, MapConfig config, JsonNode effective, ObjectNode context, Run parent, Tracking tracking,
            Semaphore slots, List<Future<ChildResult>> children, String id) {
        try (Batches batches = batches(config, effective, context)) {
            int index = 0;
            while (batches.hasNext()) {
                JsonNode childInput = batches.next();
                int items = config.batched() ? childInput.path("Items").size() : 1;
                String childName = id + ":" + index++;
                slots.acquireUninterruptibly();
                tracking.itemsRunning.addAndGet(items);
                tracking.executionsRunning.incrementAndGet();
                children.add(workers.submit(() -> {
                    try {
                        return child(state, parent, tracking, childName, childInput, items);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        List<ChildResult> results = new ArrayList<>();
        for (Future<ChildResult> child : children) {
            try {
                results.add(child.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatesError("States.Aborted", "interrupted while waiting for map run " + tracking.arn);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new StatesError(StatesError.RUNTIME, "a child execution of map run " + tracking.arn + " could not run: " + e.getCause());
            }
        }
        JsonNode output = config.resultWriter() == null ? inlineResults(results) : write(config, effective, context, tracking, results);
        tracking.stop = parent.now();
        long failedItems = tracking.itemsFailed.get();
        long totalItems = tracking.itemsSucceeded.get() + failedItems;
        boolean tolerated = failedItems == 0 || failedItems <= tracking.toleratedCount
                || totalItems > 0 && failedItems * 100.0 / totalItems <= tracking.toleratedPercentage && tracking.toleratedPercentage > 0;
        tracking.status = tolerated ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
        if (!tolerated) {
            StatesError exceeded = new StatesError(StatesError.EXCEEDED_TOLERATED_FAILURES, "The specified tolerated failure threshold was exceeded: "
                    + failedItems + " of " + totalItems + " items failed in map run " + tracking.arn);
            parent.record("MapRunFailed", JsonPaths.object().put("error", exceeded.error()).put("cause", exceeded.cause()));
            throw exceeded;
        }
        parent.record("MapRunSucceeded", JsonPaths.object().put("mapRunArn", tracking.arn));
        return output;
    }

    private record ChildResult(String arn, String name, JsonNode input, JsonNode output, StatesError error, Instant start, Instant stop) {}

    private ChildResult child(State state, Run parent, Tracking tracking, String childName, JsonNode input, int items) {
        String arn = parent.stateMachineArn.replace(":stateMachine:", ":express:") + "/" + childName;
        Run child = new Run(arn, childName, parent.stateMachineArn, parent.stateMachineName, input, parent.clock(), parent::stopped, false);
        try {
            JsonNode output = interpreter.run(state.map().processor(), input, child, null);
            tracking.itemsSucceeded.addAndGet(items);
            tracking.executionsSucceeded.incrementAndGet();
            return new ChildResult(arn, childName, input, output, null, child.startTime, child.now());
        } catch (StatesError error) {
            tracking.itemsFailed.addAndGet(items);
            tracking.executionsFailed.incrementAndGet();
            return new ChildResult(arn, childName, input, null, error, child.startTime, child.now());
        } finally {
            tracking.itemsRunning.addAndGet(-items);
            tracking.executionsRunning.decrementAndGet();
            tracking.transitions.addAndGet(child.transitions.get());
        }
    }

    private static JsonNode inlineResults(List<ChildResult> results) {
        ArrayNode outputs = JSON.createArrayNode();
        for (ChildResult result : results) {
            outputs.add(result.error() == null ? result.output() : JsonPaths.object().put("Error", result.error().error()).put("Cause", result.error().cause()));
        }
        return outputs;
    }

    /** Exports the results as Step Functions does and answers with where they are. */
    private JsonNode write(MapConfig config, JsonNode effective, ObjectNode context, Tracking tracking, List<ChildResult> results) {
        JsonNode parameters = config.resultWriter().evaluate(effective, context);
        String bucket = parameters.path("Bucket").asText();
        String prefix = parameters.path("Prefix").asText("");
        String runId = tracking.arn.substring(tracking.arn.lastIndexOf(':') + 1);
        String folder = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + runId + "/";
        ObjectNode manifest = JsonPaths.object().put("DestinationBucket", bucket).put("MapRunArn", tracking.arn);
        ObjectNode files = manifest.putObject("ResultFiles");
        for (String status : List.of("FAILED", "PENDING", "SUCCEEDED")) {
            ArrayNode listed = files.putArray(status);
            ArrayNode executions = JSON.createArrayNode();
            for (ChildResult result : results) {
                if (status.equals(result.error() == null ? "SUCCEEDED" : "FAILED")) {
                    executions.add(describe(result, tracking));
                }
            }
            if (!executions.isEmpty()) {
                String key = folder + status + "_0.json";
                byte[] body = executions.toString().getBytes(StandardCharsets.UTF_8);
                put(bucket, key, body);
                listed.addObject().put("Key", key).put("Size", body.length);
                tracking.resultsWritten.addAndGet(executions.size());
            }
        }
        String manifestKey = folder + "manifest.json";
        put(bucket, manifestKey, manifest.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode output = JsonPaths.object().put("MapRunArn", tracking.arn);
        output.putObject("ResultWriterDetails").put("Bucket", bucket).put("Key", manifestKey);
        return output;
    }

    private void put(String bucket, String key, byte[] body) {
        try {
            store.put(bucket, key, body);
        } catch (RuntimeException e) {
            throw new StatesError(StatesError.RESULT_WRITER_FAILED, "could not write s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }

    private static ObjectNode describe(ChildResult result, Tracking tracking) {
        ObjectNode execution = JsonPaths.object();
        execution.put("ExecutionArn", result.arn());
        execution.put("Input", result.input().toString());
        execution.putObject("InputDetails").put("Included", true);
        execution.put("Name", result.name());
        if (result.error() == null) {
            execution.put("Output", result.output().toString());
            execution.putObject("OutputDetails").put("Included", true);
        } else {
            execution.put("Error", result.error().error());
            execution.put("Cause", result.error().cause());
        }
        execution.put("MapRunArn", tracking.arn);
        execution.put("StartDate", result.start().toString());
        execution.put("StopDate", result.stop().toString());
        execution.put("Status", result.error() == null ? "SUCCEEDED" : "FAILED");
        return execution;
    }

    /** The child inputs, read lazily: items (from S3 or the input), each passed through ItemSelector, grouped into batches. */
    private Batches batches(MapConfig config, JsonNode effective, ObjectNode context) {
        Iterator<JsonNode> items = items(config, effective, context);
        JsonNode batchInput = config.batchInput() == null ? null : config.batchInput().evaluate(effective, context);
        int maxItems = (int) MapConfig.resolve(config.maxItemsPerBatch(), effective, context, Integer.MAX_VALUE);
        long maxBytes = (long) MapConfig.resolve(config.maxInputBytesPerBatch(), effective, context, 256 * 1024);
        if (maxItems < 1 || maxBytes < 1) {
            throw new StatesError(StatesError.RUNTIME, "MaxItemsPerBatch and MaxInputBytesPerBatch must be at least 1, not " + maxItems + " and " + maxBytes);
        }
        return new Batches(items, config, effective, context, batchInput, maxItems, maxBytes);
    }

    private Iterator<JsonNode> items(MapConfig config, JsonNode effective, ObjectNode context) {
        if (config.itemReader() == null) {
            JsonNode items = JsonPaths.read(config.itemsPath(), effective, context);
            if (!items.isArray()) {
                throw new StatesError(StatesError.RUNTIME, "ItemsPath did not select an array");
            }
            return items.elements();
        }
        JsonNode parameters = config.itemReader().evaluate(effective, context);
        String bucket = parameters.path("Bucket").asText();
        String key = parameters.path("Key").asText();
        try {
            InputStream in = store.get(bucket, key);
            if (config.readerInputType().equals("JSON")) {
                try (in) {
                    JsonNode items = JSON.readTree(in);
                    if (!items.isArray()) {
                        throw new StatesError(StatesError.ITEM_READER_FAILED, "s3://" + bucket + "/" + key + " is not a JSON array");
                    }
                    return items.elements();
                }
            }
            return new JsonLines(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), bucket, key);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StatesError error) {
                throw error;
            }
            throw new StatesError(StatesError.ITEM_READER_FAILED, "could not read s3://" + bucket + "/" + key + ": " + e.getMessage());
        }
    }

    /** A JSON Lines object, one item a line, read as iterated. */
    private static final class JsonLines implements Iterator<JsonNode>, AutoCloseable {
        private final BufferedReader lines;
        private final String where;
        private JsonNode next;

        JsonLines(BufferedReader lines, String bucket, String key) {
            this.lines = lines;
            this.where = "s3://" + bucket + "/" + key;
            advance();
        }

        private void advance() {
            try {
                String line = lines.readLine();
                while (line != null && line.isBlank()) {
                    line = lines.readLine();
                }
                next = line == null ? null : JSON.readTree(line);
            } catch (IOException e) {
                throw new StatesError(StatesError.ITEM_READER_FAILED, "could not read " + where + ": " + e.getMessage());
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public JsonNode next() {
            JsonNode current = next;
            advance();
            return current;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** Groups items into child inputs: an item alone, or {@code {"Items": [...], "BatchInput": ...}} within the batch limits. */
    private static final class Batches implements Iterator<JsonNode>, AutoCloseable {
        private final Iterator<JsonNode> items;
        private final MapConfig config;
        private final JsonNode effective;
        private final ObjectNode context;
        private final JsonNode batchInput;
        private final int maxItems;
        private final long maxBytes;
        private JsonNode pending;
        private int index;

        Batches(Iterator<JsonNode> items, MapConfig config, JsonNode effective, ObjectNode context, JsonNode batchInput, int maxItems, long maxBytes) {
            this.items = items;
            this.config = config;
            this.effective = effective;
            this.context = context;
            this.batchInput = batchInput;
            this.maxItems = maxItems;
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean hasNext() {
            return pending != null || items.hasNext();
        }

        @Override
        public JsonNode next() {
            if (!config.batched()) {
                return select(items.next());
            }
            ObjectNode batch = JsonPaths.object();
            ArrayNode batchItems = batch.putArray("Items");
            if (batchInput != null) {
                batch.set("BatchInput", batchInput);
            }
            long bytes = size(batch); // the batch as its child receives it: wrapper, BatchInput, items and commas
            while ((pending != null || items.hasNext()) && batchItems.size() < maxItems) {
                JsonNode item = pending != null ? pending : select(items.next());
                pending = null;
                long size = size(item) + (batchItems.isEmpty() ? 0 : 1);
                if (bytes + size > maxBytes) {
                    if (batchItems.isEmpty()) {
                        throw new StatesError(StatesError.RUNTIME, "an item does not fit in MaxInputBytesPerBatch (" + maxBytes + " bytes): "
                                + JsonPaths.abbreviate(item));
                    }
                    pending = item;
                    break;
                }
                batchItems.add(item);
                bytes += size;
            }
            return batch;
        }

        private static long size(JsonNode json) {
            return json.toString().getBytes(StandardCharsets.UTF_8).length;
        }

        private JsonNode select(JsonNode item) {
            int position = index++;
            if (config.itemSelector() == null) {
                return item;
            }
            ObjectNode withItem = context.deepCopy();
            withItem.putObject("Map").putObject("Item").put("Index", position).set("Value", item);
            return config.itemSelector().evaluate(effective, withItem);
        }

        @Override
        public void close() {
            if (items instanceof JsonLines lines) {
                try {
                    lines.close();
                } catch (IOException e) {
                    throw new StatesError(StatesError.ITEM_READER_FAILED, e.getMessage());
                }
            }
        }
    }
}

package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.laionfmri.mirror.engine.States.Catcher;
import org.laionfmri.mirror.engine.States.Choice;
import org.laionfmri.mirror.engine.States.State;

/**
 * Runs a graph of states the way Step Functions does: input and output processing (InputPath,
 * Parameters, ResultSelector, ResultPath, OutputPath), the context object, Retry with backoff and
 * Catch with the real error names, and each state type's semantics. One transition is counted per
 * state entered.
 */
final class Interpreter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskInvoker invoker;
    private final Sleeper sleeper;
    private final ExecutorService workers;
    private final MapRunner mapRunner;

    Interpreter(TaskInvoker invoker, Sleeper sleeper, ExecutorService workers, MapRunner.Factory mapRuns) {
        this.invoker = invoker;
        this.sleeper = sleeper;
        this.workers = workers;
        this.mapRunner = mapRuns.create(this);
    }

    /** Runs {@code graph} from its start with {@code input}; the output of its end, or the error that ended it. */
    JsonNode run(States graph, JsonNode input, Run run, JsonNode mapItem) {
        String current = graph.startAt();
        JsonNode data = input;
        while (true) {
            if (run.stopped()) {
                throw new StatesError("States.Aborted", "the execution was stopped");
            }
            State state = graph.state(current);
            run.transitions.incrementAndGet();
            run.record(state.type() + "StateEntered", details(state.name(), "input", data));
            Step step = execute(state, data, run, mapItem);
            run.record(state.type() + "StateExited", details(state.name(), "output", step.output()));
            if (step.next() == null) {
                return step.output();
            }
            data = step.output();
            current = step.next();
        }
    }

    /** A state's output and the state to go on to (null at an end). */
    private record Step(JsonNode output, String next) {}

    private Step execute(State state, JsonNode data, Run run, JsonNode mapItem) {
        Instant entered = run.now();
        return switch (state.type()) {
            case "Pass" -> {
                JsonNode effective = effectiveInput(state, data, context(run, state, entered, 0, mapItem));
                JsonNode result = state.json().has("Result") ? state.json().get("Result") : effective;
                yield new Step(output(state, data, result), state.next());
            }
            case "Choice" -> {
                ObjectNode context = context(run, state, entered, 0, mapItem);
                JsonNode input = input(state, data, context);
                yield new Step(outputPath(state, input), choose(state, input, context));
            }
            case "Succeed" -> new Step(outputPath(state, input(state, data, context(run, state, entered, 0, mapItem))), null);
            case "Fail" -> throw fail(state, data, context(run, state, entered, 0, mapItem));
            default -> withRetryAndCatch(state, data, run, entered, mapItem);
        };
    }

    private Step withRetryAndCatch(State state, JsonNode data, Run run, Instant entered, JsonNode mapItem) {
        int[] attempts = new int[state.retry().size()];
        int retries = 0;
        while (true) {
            ObjectNode context = context(run, state, entered, retries, mapItem);
            try {
                JsonNode effective = effectiveInput(state, data, context);
                JsonNode result = perform(state, effective, run, context);
                if (state.resultSelector() != null) {
                    result = state.resultSelector().evaluate(result, context);
                }
                return new Step(output(state, data, result), state.next());
            } catch (StatesError error) {
                if (error.error().equals("States.Aborted")) {
                    throw error;
                }
                int retrier = firstMatching(state.retry(), error);
                if (retrier >= 0 && attempts[retrier] < state.retry().get(retrier).maxAttempts()) {
                    Duration delay = state.retry().get(retrier).delay(attempts[retrier]);
                    attempts[retrier]++;
                    retries++;
                    pause(delay);
                    continue;
                }
                for (Catcher catcher : state.catchers()) {
                    if (catcher.catches(error)) {
                        ObjectNode errorOutput = JsonPaths.object().put("Error", error.error()).put("Cause", error.cause());
                        JsonNode output = catcher.resultPath() == null ? data : JsonPaths.write(catcher.resultPath(), data, errorOutput);
                        return new Step(output, catcher.next());
                    }
                }
                throw error;
            }
        }
    }

    private JsonNode perform(State state, JsonNode effective, Run run, ObjectNode context) {
        return switch (state.type()) {
            case "Task" -> task(state, effective, run);
            case "Parallel" -> parallel(state, effective, run);
            case "Map" -> state.map().distributed()
                    ? mapRunner.run(state, effective, run, context)
                    : inlineMap(state, effective, run, context);
            default -> throw new IllegalStateException(state.type());
        };
    }

    private JsonNode task(State state, JsonNode effective, Run run) {
        String resource = state.json().get("Resource").asText();
        boolean wrapped = Resources.isIntegration(resource, Resources.LAMBDA_INVOKE);
        String function = wrapped ? effective.path("FunctionName").asText(null) : resource;
        if (function == null) {
            throw new StatesError(StatesError.RUNTIME, "state " + state.name() + ": lambda:invoke needs a FunctionName parameter");
        }
        JsonNode payload = wrapped ? effective.path("Payload") : effective;
        run.record("TaskScheduled", JsonPaths.object().put("resource", resource).put("parameters", effective.toString()));
        String answer;
        try {
            answer = invoker.invoke(function, payload.isMissingNode() ? "{}" : payload.toString());
        } catch (RuntimeException thrown) {
            // an invoker that throws something else fails the task as Lambda reports an unhandled exception
            StatesError failure = thrown instanceof StatesError error ? error
                    : new StatesError(thrown.getClass().getName(), String.valueOf(thrown.getMessage()));
            run.record("TaskFailed", JsonPaths.object().put("error", failure.error()).put("cause", failure.cause()));
            throw failure;
        }
        JsonNode result = parse(answer);
        run.record("TaskSucceeded", JsonPaths.object().put("output", answer));
        if (!wrapped) {
            return result;
        }
        ObjectNode wrapper = JsonPaths.object();
        wrapper.put("ExecutedVersion", "$LATEST");
        wrapper.set("Payload", result);
        wrapper.putObject("SdkHttpMetadata").put("HttpStatusCode", 200);
        wrapper.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        wrapper.put("StatusCode", 200);
        return wrapper;
    }

    private JsonNode parallel(State state, JsonNode effective, Run run) {
        List<Future<JsonNode>> branches = new ArrayList<>();
        for (States branch : state.branches()) {
            branches.add(workers.submit(() -> run(branch, effective, run, null)));
        }
        ArrayNode results = JSON.createArrayNode();
        StatesError failure = null;
        for (Future<JsonNode> branch : branches) {
            try {
                results.add(branch.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof StatesError error ? error : new StatesError(StatesError.RUNTIME, String.valueOf(e.getCause()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StatesError("States.Aborted", "interrupted");
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private JsonNode inlineMap(State state, JsonNode effective, Run run, ObjectNode context) {
        JsonNode items = JsonPaths.read(state.map().itemsPath(), effective, context);
        if (!items.isArray()) {
            throw new StatesError(StatesError.RUNTIME, "state " + state.name() + ": ItemsPath did not select an array");
        }
        int maxConcurrency = (int) MapConfig.resolve(state.map().maxConcurrency(), effective, context, 0);
        Semaphore slots = new Semaphore(maxConcurrency <= 0 ? Integer.MAX_VALUE : maxConcurrency);
        List<Future<JsonNode>> iterations = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            ObjectNode itemContext = JsonPaths.object();
            itemContext.putObject("Item").put("Index", index).set("Value", item);
            JsonNode itemInput = state.map().itemSelector() == null ? item
                    : state.map().itemSelector().evaluate(effective, withMap(context, itemContext));
            slots.acquireUninterruptibly();
            iterations.add(workers.submit(() -> {
                try {
                    return run(state.map().processor(), itemInput, run, itemContext);
                } finally {
                    slots.release();
                }
            }));
        }
        ArrayNode results = JSON.createArrayNode();
        for (Future<JsonNode> iteration : iterations) {
            results.add(await(iteration));
        }
        return results;
    }

    private static JsonNode await(Future<JsonNode> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatesError error ? error : new StatesError(StatesError.RUNTIME, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Aborted", "interrupted");
        }
    }

    private String choose(State state, JsonNode input, ObjectNode context) {
        for (Choice choice : state.choices()) {
            if (choice.rule().matches(input, context)) {
                return choice.next();
            }
        }
        if (state.json().has("Default")) {
            return state.json().get("Default").asText();
        }
        throw new StatesError(StatesError.NO_CHOICE_MATCHED, "no Choice rule of state " + state.name() + " matched, and it has no Default");
    }

    private static StatesError fail(State state, JsonNode data, ObjectNode context) {
        JsonNode json = state.json();
        String error = json.has("ErrorPath") ? text(state, "ErrorPath", data, context) : json.path("Error").asText("States.Fail");
        String cause = json.has("CausePath") ? text(state, "CausePath", data, context) : json.path("Cause").asText("");
        return new StatesError(error, cause);
    }

    /** A Fail state's ErrorPath or CausePath must select a string. */
    private static String text(State state, String field, JsonNode data, ObjectNode context) {
        JsonNode value = JsonPaths.read(state.json().get(field).asText(), data, context);
        if (!value.isTextual()) {
            throw new StatesError(StatesError.RUNTIME, "state " + state.name() + ": " + field + " selected " + value + ", not a string");
        }
        return value.textValue();
    }

    private static JsonNode input(State state, JsonNode data, ObjectNode context) {
        return state.inputPath() == null ? JsonPaths.object() : JsonPaths.read(state.inputPath(), data, context);
    }

    private static JsonNode effectiveInput(State state, JsonNode data, ObjectNode context) {
        JsonNode input = input(state, data, context);
        return state.parameters() == null ? input : state.parameters().evaluate(input, context);
    }

    /** ResultPath, then OutputPath. */
    private static JsonNode output(State state, JsonNode data, JsonNode result) {
        JsonNode combined = state.resultPath() == null ? data : JsonPaths.write(state.resultPath(), data, result);
        return outputPath(state, combined);
    }

    private static JsonNode outputPath(State state, JsonNode output) {
        if (output == null || state.outputPath() == null) {
            return JsonPaths.object();
        }
        return JsonPaths.read(state.outputPath(), output, null);
    }

    private static ObjectNode context(Run run, State state, Instant entered, int retryCount, JsonNode mapItem) {
        ObjectNode context = run.context(state.name(), entered, retryCount);
        return mapItem == null ? context : withMap(context, mapItem);
    }

    private static ObjectNode withMap(ObjectNode context, JsonNode mapItem) {
        ObjectNode withMap = context.deepCopy();
        withMap.set("Map", mapItem);
        return withMap;
    }

    private static int firstMatching(List<Retrier> retry, StatesError error) {
        for (int i = 0; i < retry.size(); i++) {
            if (retry.get(i).retries(error)) {
                return i;
            }
        }
        return -1;
    }

    private void pause(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("States.Aborted", "interrupted while waiting to retry");
        }
    }

    private static ObjectNode details(String name, String field, JsonNode value) {
        return JsonPaths.object().put("name", name).put(field, String.valueOf(value));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StatesError(StatesError.RUNTIME, "a task answered with something that is not JSON");
        }
    }
}

package org.laionfmri.mirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine on small definitions, one construct at a time. */
class EngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryStore store = new InMemoryStore();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Map<String, TaskInvoker> functions = new ConcurrentHashMap<>();
    private final LocalEngine engine = new LocalEngine(
            (function, payload) -> functions.get(function).invoke(function, payload), store, waits::add, Clock.systemUTC());

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void processesInputAndOutputPathsAroundATask() throws Exception {
        functions.put("echo", (function, payload) -> "{\"seen\": " + payload + ", \"extra\": true}");

        ExecutionInfo done = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "InputPath": "$.in",
                  "Parameters": {"FunctionName": "echo", "Payload": {"value.$": "$.v", "run.$": "$$.Execution.Name", "fixed": 1}},
                  "ResultSelector": {"seen.$": "$.Payload.seen", "status.$": "$.StatusCode"},
                  "ResultPath": "$.in.result",
                  "OutputPath": "$.in",
                  "End": true}}}
                """, "{\"in\": {\"v\": \"x\"}, \"other\": 2}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree(
                "{\"v\": \"x\", \"result\": {\"seen\": {\"value\": \"x\", \"run\": \"" + done.name() + "\", \"fixed\": 1}, \"status\": 200}}"));
        assertThat(done.stateTransitions()).isEqualTo(1);
    }

    @Test
    void aFunctionArnResourceReturnsThePayloadUnwrappedAndNullPathsDiscard() throws Exception {
        functions.put("arn:aws:lambda:us-east-1:123456789012:function:plain", (function, payload) -> "{\"ok\": 1}");

        ExecutionInfo done = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:plain", "ResultPath": "$.r", "Next": "Drop"},
                  "Drop": {"Type": "Pass", "Result": {"ignored": true}, "ResultPath": null, "End": true}}}
                """, "{\"keep\": 1}");

        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree("{\"keep\": 1, \"r\": {\"ok\": 1}}"));
        assertThat(done.stateTransitions()).isEqualTo(2);
    }

    @Test
    void evaluatesIntrinsicFunctions() throws Exception {
        ExecutionInfo done = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Parameters": {
                  "key.$": "States.Format('{}_mirror/runs/{}/results', $.prefix, $$.Execution.Name)",
                  "braces.$": "States.Format('\\\\{literal\\\\} {}', 'x')",
                  "number.$": "States.StringToJson('40')",
                  "text.$": "States.JsonToString($.obj)",
                  "list.$": "States.Array(1, 'two', $.obj)"}}}}
                """, "{\"prefix\": \"laion/\", \"obj\": {\"a\": 1}}");

        JsonNode output = JSON.readTree(done.output());
        assertThat(output.path("key").asText()).isEqualTo("laion/_mirror/runs/" + done.name() + "/results");
        assertThat(output.path("braces").asText()).isEqualTo("{literal} x");
        assertThat(output.path("number").isNumber()).isTrue();
        assertThat(output.path("number").asInt()).isEqualTo(40);
        assertThat(output.path("text").asText()).isEqualTo("{\"a\":1}");
        assertThat(output.path("list")).isEqualTo(JSON.readTree("[1, \"two\", {\"a\": 1}]"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"n": 0}                       | Zero
            {"n": 3}                       | Small
            {"n": 30, "flag": true}        | Flagged
            {"n": 30, "flag": false}       | Big
            {"n": 30, "flag": false, "s": "go"} | Go
            {"n": 30, "flag": false, "s": "stop"} | Big
            """)
    void choosesTheFirstMatchingRule(String input, String expected) throws Exception {
        ExecutionInfo done = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                     {"Variable": "$.n", "NumericEquals": 0, "Next": "Zero"},
                     {"And": [{"Variable": "$.n", "NumericGreaterThan": 0}, {"Variable": "$.n", "NumericLessThanEquals": 10}], "Next": "Small"},
                     {"Variable": "$.flag", "BooleanEquals": true, "Next": "Flagged"},
                     {"And": [{"Variable": "$.s", "IsPresent": true}, {"Not": {"Variable": "$.s", "StringEquals": "stop"}}], "Next": "Go"}],
                   "Default": "Big"},
                  "Zero": {"Type": "Pass", "Result": "Zero", "End": true},
                  "Small": {"Type": "Pass", "Result": "Small", "End": true},
                  "Flagged": {"Type": "Pass", "Result": "Flagged", "End": true},
                  "Go": {"Type": "Pass", "Result": "Go", "End": true},
                  "Big": {"Type": "Pass", "Result": "Big", "End": true}}}
                """, input);

        assertThat(JSON.readTree(done.output()).asText()).isEqualTo(expected);
        assertThat(done.stateTransitions()).isEqualTo(2);
    }

    @Test
    void aChoiceWithoutAMatchOrDefaultFails() {
        ExecutionInfo done = run("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "E"}]},
                  "E": {"Type": "Succeed"}}}
                """, "{\"n\": 2}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.NoChoiceMatched");
    }

    @Test
    void retriesWithBackoffCappedByMaxDelayThenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        functions.put("flaky", (function, payload) -> {
            if (calls.incrementAndGet() <= 4) {
                throw new StatesError("Lambda.ServiceException", "try again");
            }
            return "{\"ok\": true}";
        });

        ExecutionInfo done = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "flaky", "Payload": {}},
                  "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 9},
                            {"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 5, "MaxDelaySeconds": 20}],
                  "End": true}}}
                """, "{}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls.get()).isEqualTo(5);
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(18), Duration.ofSeconds(20));
    }

    @Test
    void giveUpAfterMaxAttemptsAndCatchesIntoResultPath() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        functions.put("broken", (function, payload) -> {
            calls.incrementAndGet();
            throw new StatesError("org.laionfmri.mirror.error.IntegrityError", "{\"errorMessage\": \"bad hash\"}");
        });

        ExecutionInfo done = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "broken", "Payload": {}},
                    "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 2, "JitterStrategy": "FULL"}],
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Wrong"},
                              {"ErrorEquals": ["org.laionfmri.mirror.error.IntegrityError"], "ResultPath": "$.error", "Next": "Handled"}],
                    "Next": "Wrong"},
                  "Handled": {"Type": "Pass", "End": true},
                  "Wrong": {"Type": "Fail", "Error": "Wrong"}}}
                """, "{\"kept\": 1}");

        assertThat(calls.get()).isEqualTo(3);
        assertThat(waits).hasSize(2).allMatch(wait -> !wait.isNegative() && wait.compareTo(Duration.ofSeconds(2)) <= 0);
        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree(
                "{\"kept\": 1, \"error\": {\"Error\": \"org.laionfmri.mirror.error.IntegrityError\", \"Cause\": \"{\\\"errorMessage\\\": \\\"bad hash\\\"}\"}}"));
    }

    @Test
    void statesAllDoesNotCatchRuntimeErrors() {
        ExecutionInfo done = run("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "x", "Payload.$": "$.missing"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Succeed"}}}
                """, "{}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).contains("$.missing");
    }

    @Test
    void failsWithTheErrorAndCauseItReadsFromItsInput() {
        ExecutionInfo done = run("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.report.error", "CausePath": "$.report.cause"}}}
                """, "{\"report\": {\"error\": \"CopyFailed\", \"cause\": \"2 objects could not be copied\"}}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("CopyFailed");
        assertThat(done.cause()).isEqualTo("2 objects could not be copied");
    }

    @Test
    void runsParallelBranchesAndInlineMaps() throws Exception {
        functions.put("arn:aws:lambda:local:0:function:double", (function, payload) -> String.valueOf(tree(payload).path("n").asInt() * 2));

        ExecutionInfo done = run("""
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true,
                  "ResultSelector": {"doubled.$": "$[0]", "constant.$": "$[1]"},
                  "Branches": [
                    {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.numbers", "MaxConcurrency": 2,
                       "ItemSelector": {"n.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                       "ItemProcessor": {"StartAt": "D", "States": {"D": {"Type": "Task",
                          "Resource": "arn:aws:lambda:local:0:function:double", "End": true}}}, "End": true}}},
                    {"StartAt": "K", "States": {"K": {"Type": "Pass", "Result": "k", "End": true}}}]}}}
                """, "{\"numbers\": [1, 2, 3]}");

        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree("{\"doubled\": [2, 4, 6], \"constant\": \"k\"}"));
        assertThat(done.stateTransitions()).isEqualTo(1 + 1 + 3 + 1);
    }

    @Test
    void aDistributedMapReadsJsonLinesBatchesByCountAndBytesAndWritesResults() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append("{\"key\": \"k").append(i).append("\", \"size\": ").append(i).append("}\n");
        }
        store.put("mirror", "plan.jsonl", lines.toString());
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        functions.put("copy", (function, payload) -> {
            JsonNode batch = tree(payload);
            batchSizes.add(batch.path("Items").size());
            return "{\"copied\": " + batch.path("Items").size() + ", \"run\": \"" + batch.path("BatchInput").path("runId").asText() + "\"}";
        });

        ExecutionInfo done = run("""
                {"StartAt": "Copy", "States": {"Copy": {"Type": "Map", "Label": "Copy", "End": true,
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                                 "Parameters": {"Bucket": "mirror", "Key.$": "$.planKey"}},
                  "ItemBatcher": {"MaxItemsPerBatch": 4, "MaxInputBytesPerBatch": 150, "BatchInput": {"runId.$": "$$.Execution.Name"}},
                  "MaxConcurrencyPath": "$.concurrency",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "C", "States": {
                     "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "copy", "Payload.$": "$"},
                           "OutputPath": "$.Payload", "End": true}}},
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "mirror", "Prefix": "runs/results"}}}}}
                """, "{\"planKey\": \"plan.jsonl\", \"concurrency\": 2}");

        assertThat(done.status()).as(done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(batchSizes).allMatch(size -> size <= 3).hasSize(4);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        JsonNode output = JSON.readTree(done.output());
        String manifestKey = output.path("ResultWriterDetails").path("Key").asText();
        assertThat(manifestKey).startsWith("runs/results/").endsWith("/manifest.json");
        JsonNode manifest = JSON.readTree(store.text("mirror", manifestKey));
        JsonNode succeeded = JSON.readTree(store.text("mirror", manifest.path("ResultFiles").path("SUCCEEDED").get(0).path("Key").asText()));
        assertThat(succeeded).hasSize(4);
        assertThat(JSON.readTree(succeeded.get(0).path("Output").asText()).path("run").asText()).isEqualTo(done.name());
        MapRunInfo mapRun = engine.describeMapRun(output.path("MapRunArn").asText());
        assertThat(mapRun.itemCounts().succeeded()).isEqualTo(10);
        assertThat(mapRun.executionCounts().succeeded()).isEqualTo(4);
        assertThat(mapRun.maxConcurrency()).isEqualTo(2);
        assertThat(mapRun.stateTransitions()).isEqualTo(4);
        assertThat(done.stateTransitions()).isEqualTo(1);
        assertThat(engine.listMapRuns(done.executionArn())).extracting(MapRunInfo::mapRunArn).containsExactly(mapRun.mapRunArn());
    }

    @Test
    void anItemTooLargeForAnyBatchFailsTheMap() {
        functions.put("copy", (function, payload) -> "{}");

        ExecutionInfo done = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items",
                  "ItemBatcher": {"MaxInputBytesPerBatch": 30},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "C", "States": {
                     "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "copy", "Payload.$": "$"},
                           "End": true}}}}}}
                """, "{\"items\": [\"a-long-item-that-cannot-fit\"]}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).startsWith("an item does not fit in MaxInputBytesPerBatch (30 bytes)");
        assertThat(engine.listMapRuns(done.executionArn())).extracting(MapRunInfo::status).containsExactly(ExecutionStatus.FAILED);
    }

    @ParameterizedTest(name = "tolerating {0}% with 1 of 4 failing -> {1}")
    @CsvSource({"0, FAILED", "25, SUCCEEDED"})
    void aDistributedMapToleratesFailuresUpToItsThreshold(int percentage, ExecutionStatus expected) {
        functions.put("sometimes", (function, payload) -> {
            if (payload.contains("\"bad\"")) {
                throw new StatesError("Boom", "{}");
            }
            return "{}";
        });

        ExecutionInfo done = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items", "ToleratedFailurePercentage": PCT,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "S", "States": {
                     "S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "sometimes", "Payload.$": "$"},
                           "End": true}}}}}}
                """.replace("PCT", String.valueOf(percentage)), "{\"items\": [\"a\", \"bad\", \"c\", \"d\"]}");

        assertThat(done.status()).isEqualTo(expected);
        if (expected == ExecutionStatus.FAILED) {
            assertThat(done.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        }
    }

    @Test
    void eachEndIsToldOnceBeforeItShowsAndWhatTheListenerThrowsChangesNothing() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        List<ExecutionStatus> shownWhenTold = new CopyOnWriteArrayList<>();
        AtomicReference<LocalEngine> engineTelling = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        functions.put("wait", waitingFor(release));
        try (LocalEngine listened = new LocalEngine((function, payload) -> functions.get(function).invoke(function, payload), store, waits::add,
                Clock.systemUTC(), ended -> {
                    told.add(ended.name() + " " + ended.status() + " " + ended.error());
                    shownWhenTold.add(engineTelling.get().describeExecution(ended.executionArn()).status());
                    throw new IllegalStateException("a target that fails");
                })) {
            engineTelling.set(listened);
            String machine = listened.createStateMachine("told", """
                    {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "wait", "Payload": {}}, "End": true}}}
                    """);
            String failing = listened.createStateMachine("failing", """
                    {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose"}}}
                    """);
            String stopped = listened.startExecution(machine, "stopped", "{}");
            ExecutionInfo aborted = listened.stopExecution(stopped, "Stopped", "by a test");
            listened.stopExecution(stopped, null, null);
            ExecutionInfo failed = listened.awaitExecution(listened.startExecution(failing, "failed", "{}"));

            assertThat(aborted.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(aborted.error()).isEqualTo("Stopped");
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(told).containsExactly("stopped ABORTED Stopped", "failed FAILED Broken");
            assertThat(shownWhenTold).containsOnly(ExecutionStatus.RUNNING);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anExecutionLongerThanItsTimeoutSecondsTimesOutAndStartsNoFurtherState() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger after = new AtomicInteger();
        functions.put("slow", waitingFor(release));
        functions.put("after", (function, payload) -> String.valueOf(after.incrementAndGet()));

        try {
            ExecutionInfo done = run("""
                    {"StartAt": "Slow", "TimeoutSeconds": 1, "States": {
                      "Slow": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "slow", "Payload": {}}, "Next": "After"},
                      "After": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "after", "Payload": {}}, "End": true}}}
                    """, "{}");

            assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(done.error()).isEqualTo("States.Timeout");
            assertThat(engine.executionHistory(done.executionArn())).last().extracting(HistoryEvent::type).isEqualTo("ExecutionTimedOut");
        } finally {
            release.countDown();
        }
        Thread.sleep(200);
        assertThat(after.get()).isZero();
    }

    @Test
    void runsTheIntegrationsOfEveryPartition() throws Exception {
        functions.put("echo", (function, payload) -> payload);

        ExecutionInfo done = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws-us-gov:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "echo", "Payload": {"n": 1}}, "OutputPath": "$.Payload", "Next": "U"},
                  "U": {"Type": "Task", "Resource": "arn:aws-cn:states:::lambda:invoke", "Parameters": {"FunctionName": "echo", "Payload.$": "$"},
                  "OutputPath": "$.Payload", "End": true}}}
                """, "{}");

        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree("{\"n\": 1}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            bad timeout              | {"StartAt": "P", "TimeoutSeconds": 0, "States": {"P": {"Type": "Pass", "End": true}}}                           | TimeoutSeconds must be a positive whole number
            unsupported state type   | {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}                                   | state W: the state type Wait is not supported
            unsupported field        | {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5, "End": true}}} | state T: the field TimeoutSeconds is not supported here
            unsupported resource     | {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}} | state T.Resource: "arn:aws:states:::sqs:sendMessage" is not supported
            unsupported intrinsic    | {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "States.UUID()"}, "End": true}}}        | state P.Parameters.x.$: the intrinsic function States.UUID is not supported
            unsupported comparison   | {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.t", "TimestampEquals": "x", "Next": "C"}]}}} | state C.Choices[0]: the Choice operator TimestampEquals is not supported
            missing target           | {"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "Nowhere"}}}                                          | the transition target Nowhere is not a state
            next and end             | {"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "P", "End": true}}}                                   | state P: exactly one of Next and End is required
            bad result path          | {"StartAt": "P", "States": {"P": {"Type": "Pass", "ResultPath": "$.a[*]", "End": true}}}                        | is not a reference path
            """)
    void refusesAtLoadTimeWhatItCannotRun(String rule, String definition, String message) {
        assertThatThrownBy(() -> engine.createStateMachine("bad", definition))
                .as(rule)
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining(message);
    }

    private static JsonNode tree(String json) {
        return Interpreter.parse(json);
    }

    private ExecutionInfo run(String definition, String input) {
        String machine = engine.createStateMachine("test-" + Math.abs(definition.hashCode()), definition);
        return engine.awaitExecution(engine.startExecution(machine, null, input));
    }

    /** A function that answers {@code {}} once {@code release} is counted down. */
    private static TaskInvoker waitingFor(CountDownLatch release) {
        return (function, payload) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{}";
        };
    }
}

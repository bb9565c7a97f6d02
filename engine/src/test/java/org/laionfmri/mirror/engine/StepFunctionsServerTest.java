package org.laionfmri.mirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** The AWS SDK's {@link SfnClient}, unchanged, against a {@link LocalEngine} served by {@link StepFunctionsServer}. */
class StepFunctionsServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Pass, a Lambda task, and a Distributed Map summing batches of numbers, its results written to the store. */
    private static final String DEMO = """
            {
              "StartAt": "Configure",
              "States": {
                "Configure": {"Type": "Pass", "Result": {"prefix": "hello"}, "ResultPath": "$.config", "Next": "Greet"},
                "Greet": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "greet", "Payload": {"prefix.$": "$.config.prefix", "who.$": "$.who"}},
                  "ResultSelector": {"text.$": "$.Payload.text"},
                  "ResultPath": "$.greeting",
                  "Next": "Sum"
                },
                "Sum": {
                  "Type": "Map",
                  "ItemsPath": "$.numbers",
                  "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Add",
                    "States": {
                      "Add": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "sum", "Payload.$": "$"},
                        "OutputPath": "$.Payload",
                        "End": true
                      }
                    }
                  },
                  "ItemBatcher": {"MaxItemsPerBatch": 2},
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results", "Prefix": "sums"}},
                  "ResultPath": "$.sums",
                  "End": true
                }
              }
            }""";
    private static final String DEMO_INPUT = "{\"who\":\"world\",\"numbers\":[1,2,3,4,5]}";

    private static final String FAILING = """
            {"StartAt": "Explode", "States": {"Explode": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "boom", "Payload.$": "$"}, "End": true}}}""";

    private static final String BLOCKING = """
            {"StartAt": "Hold", "States": {
              "Hold": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "block"}, "Next": "After"},
              "After": {"Type": "Pass", "End": true}}}""";

    private final InMemoryStore store = new InMemoryStore();
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private LocalEngine engine;
    private StepFunctionsServer server;
    private SfnClient sfn;

    @BeforeEach
    void start() {
        engine = new LocalEngine(this::invoke, store, delay -> {}, Clock.systemUTC());
        server = StepFunctionsServer.start(engine);
        sfn = SfnClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @AfterEach
    void stop() {
        released.countDown();
        sfn.close();
        server.close();
        engine.close();
    }

    /** The functions: greet, sum (a batch of numbers), boom (fails), block (waits until released). */
    private String invoke(String function, String payloadJson) {
        JsonNode payload = read(payloadJson);
        return switch (function) {
            case "greet" -> JSON.createObjectNode().put("text", payload.get("prefix").asText() + ", " + payload.get("who").asText()).toString();
            case "sum" -> {
                long sum = 0;
                for (JsonNode item : payload.get("Items")) {
                    sum += item.asLong();
                }
                yield JSON.createObjectNode().put("sum", sum).toString();
            }
            case "boom" -> throw new StatesError("com.example.Boom", "{\"errorMessage\":\"boom\"}");
            case "block" -> {
                blocked.countDown();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield "{}";
            }
            default -> throw new StatesError("Lambda.ResourceNotFoundException", "no function " + function);
        };
    }

    @Test
    void runsAnExecutionWithAMapRunThroughTheSdk() throws Exception {
        String machine = engine.createStateMachine("demo", DEMO);
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).name("first").input(DEMO_INPUT)).executionArn();

        DescribeExecutionResponse described = awaitEnd(arn);
        assertThat(described.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(described.name()).isEqualTo("first");
        assertThat(described.stateMachineArn()).isEqualTo(machine);
        assertThat(read(described.input())).isEqualTo(read(DEMO_INPUT));
        assertThat(described.startDate()).isNotNull();
        assertThat(described.stopDate()).isNotNull();
        assertThat(described.error()).isNull();
        JsonNode output = read(described.output());
        assertThat(output.get("who").asText()).isEqualTo("world");
        assertThat(output.get("config")).isEqualTo(read("{\"prefix\":\"hello\"}"));
        assertThat(output.get("greeting")).isEqualTo(read("{\"text\":\"hello, world\"}"));

        List<MapRunListItem> mapRuns = sfn.listMapRuns(r -> r.executionArn(arn)).mapRuns();
        assertThat(mapRuns).hasSize(1);
        String mapRunArn = mapRuns.get(0).mapRunArn();
        assertThat(mapRuns.get(0).executionArn()).isEqualTo(arn);
        assertThat(mapRuns.get(0).stateMachineArn()).isEqualTo(machine);
        assertThat(mapRuns.get(0).startDate()).isNotNull();
        String runId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
        assertThat(output.get("sums")).isEqualTo(read("{\"MapRunArn\":\"" + mapRunArn + "\",\"ResultWriterDetails\":"
                + "{\"Bucket\":\"results\",\"Key\":\"sums/" + runId + "/manifest.json\"}}"));
        List<Long> sums = JSON.readTree(store.text("results", "sums/" + runId + "/SUCCEEDED_0.json")).findValuesAsText("Output").stream()
                .map(text -> read(text).get("sum").asLong()).sorted().toList();
        assertThat(sums).containsExactly(3L, 5L, 7L);

        DescribeMapRunResponse mapRun = sfn.describeMapRun(r -> r.mapRunArn(mapRunArn));
        assertThat(mapRun.executionArn()).isEqualTo(arn);
        assertThat(mapRun.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(mapRun.stopDate()).isNotNull();
        assertThat(mapRun.itemCounts().succeeded()).isEqualTo(5);
        assertThat(mapRun.itemCounts().total()).isEqualTo(5);
        assertThat(mapRun.itemCounts().failed()).isZero();
        assertThat(mapRun.executionCounts().succeeded()).isEqualTo(3);
        assertThat(mapRun.executionCounts().total()).isEqualTo(3);

        List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(arn)).events();
        assertThat(events).extracting(HistoryEvent::id).isSorted().doesNotHaveDuplicates();
        HistoryEvent started = events.get(0);
        assertThat(started.type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
        assertThat(started.timestamp()).isNotNull();
        assertThat(read(started.executionStartedEventDetails().input())).isEqualTo(read(DEMO_INPUT));
        HistoryEvent succeeded = events.get(events.size() - 1);
        assertThat(succeeded.type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(read(succeeded.executionSucceededEventDetails().output())).isEqualTo(output);
        assertThat(events).filteredOn(event -> event.type() == HistoryEventType.TASK_STATE_ENTERED)
                .extracting(event -> event.stateEnteredEventDetails().name()).containsExactly("Greet");
        assertThat(events).filteredOn(event -> event.type() == HistoryEventType.PASS_STATE_EXITED)
                .extracting(event -> read(event.stateExitedEventDetails().output()).get("config")).containsExactly(read("{\"prefix\":\"hello\"}"));
        assertThat(events).filteredOn(event -> event.type() == HistoryEventType.MAP_RUN_STARTED)
                .extracting(event -> event.mapRunStartedEventDetails().mapRunArn()).containsExactly(mapRunArn);
        List<HistoryEvent> withoutData = sfn.getExecutionHistory(r -> r.executionArn(arn).includeExecutionData(false)).events();
        assertThat(withoutData).hasSameSizeAs(events);
        assertThat(withoutData.get(0).executionStartedEventDetails().input()).isNull();
        assertThat(withoutData.get(withoutData.size() - 1).executionSucceededEventDetails().output()).isNull();
        assertThat(withoutData).filteredOn(event -> event.type() == HistoryEventType.TASK_STATE_ENTERED)
                .extracting(event -> event.stateEnteredEventDetails().name()).containsExactly("Greet");

        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions())
                .extracting(ExecutionListItem::executionArn, ExecutionListItem::name, ExecutionListItem::status)
                .containsExactly(tuple(arn, "first", ExecutionStatus.SUCCEEDED));
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter(ExecutionStatus.FAILED)).executions()).isEmpty();
    }

    @Test
    void reportsAFailedExecution() {
        String machine = engine.createStateMachine("failing", FAILING);
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();

        DescribeExecutionResponse described = awaitEnd(arn);
        assertThat(described.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(described.error()).isEqualTo("com.example.Boom");
        assertThat(read(described.cause())).isEqualTo(read("{\"errorMessage\":\"boom\"}"));
        assertThat(described.output()).isNull();

        List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(arn)).events();
        assertThat(events).filteredOn(event -> event.type() == HistoryEventType.TASK_FAILED)
                .extracting(event -> event.taskFailedEventDetails().error()).containsExactly("com.example.Boom");
        HistoryEvent failed = events.get(events.size() - 1);
        assertThat(failed.type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
        assertThat(failed.executionFailedEventDetails().error()).isEqualTo("com.example.Boom");
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine).statusFilter(ExecutionStatus.FAILED)).executions())
                .extracting(ExecutionListItem::executionArn).containsExactly(arn);
    }

    @Test
    void stopsARunningExecution() throws InterruptedException {
        String machine = engine.createStateMachine("blocking", BLOCKING);
        String arn = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
        assertThat(blocked.await(30, TimeUnit.SECONDS)).as("the task started").isTrue();
        assertThat(sfn.describeExecution(r -> r.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);

        sfn.stopExecution(r -> r.executionArn(arn).error("Stopped").cause("Stopped by ada"));
        released.countDown();

        DescribeExecutionResponse stopped = awaitEnd(arn);
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.error()).as("the stopper's, as Step Functions keeps them").isEqualTo("Stopped");
        assertThat(stopped.cause()).isEqualTo("Stopped by ada");
        List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(arn)).events();
        assertThat(events.get(events.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    }

    @Test
    void answersTheApiErrors() throws Exception {
        String machine = engine.createStateMachine("failing", FAILING);
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(machine.replace(":stateMachine:", ":execution:") + ":none")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine + "-missing")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        String once = sfn.startExecution(r -> r.stateMachineArn(machine).name("once").input("{\"a\": 1}")).executionArn();
        assertThat(sfn.startExecution(r -> r.stateMachineArn(machine).name("once").input("{\"a\": 1}")).executionArn())
                .as("the same name and input again").isEqualTo(once);
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine).name("once").input("{\"a\": 2}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);

        HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.CreateActivity")
                .POST(HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(unknown.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(read(unknown.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    /** Polls DescribeExecution until the execution has ended (within a generous deadline). */
    private DescribeExecutionResponse awaitEnd(String executionArn) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (described.status() != ExecutionStatus.RUNNING) {
                return described;
            }
            assertThat(Instant.now()).as("the execution ended in time").isBefore(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}

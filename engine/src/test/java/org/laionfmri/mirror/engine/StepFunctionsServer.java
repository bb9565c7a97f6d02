package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Step Functions API of a {@link LocalEngine} on localhost, over the AWS JSON 1.0 protocol, so that the
 * AWS SDK's {@code SfnClient} with {@code endpointOverride(endpoint())} (any region, any credentials) talks
 * to it unchanged. It serves StartExecution, DescribeExecution, StopExecution, ListExecutions,
 * GetExecutionHistory, DescribeMapRun and ListMapRuns; requests are not authenticated, only the members
 * these operations need are read, and null members are left out of the answers.
 */
public final class StepFunctionsServer implements AutoCloseable {

    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonNodeFeature.WRITE_NULL_PROPERTIES, false);

    /** The API error types of the engine's {@link IllegalArgumentException}s, by how their messages start. */
    private static final Map<String, String> ENGINE_ERRORS = Map.of(
            "ExecutionDoesNotExist", "ExecutionDoesNotExist",
            "ExecutionAlreadyExists", "ExecutionAlreadyExists",
            "InvalidExecutionInput", "InvalidExecutionInput",
            "no state machine", "StateMachineDoesNotExist",
            "no map run", "ResourceNotFound");

    /** The members of each {@code <type>EventDetails} structure, as the API models them (the engine's other fields are left out). */
    private static final Map<String, Set<String>> EVENT_DETAILS = Map.ofEntries(
            Map.entry("executionStartedEventDetails", Set.of("input", "roleArn")),
            Map.entry("executionSucceededEventDetails", Set.of("output")),
            Map.entry("executionFailedEventDetails", Set.of("error", "cause")),
            Map.entry("executionAbortedEventDetails", Set.of("error", "cause")),
            Map.entry("executionTimedOutEventDetails", Set.of("error", "cause")),
            Map.entry("stateEnteredEventDetails", Set.of("name", "input")),
            Map.entry("stateExitedEventDetails", Set.of("name", "output")),
            Map.entry("taskScheduledEventDetails", Set.of("resourceType", "resource", "region", "parameters", "timeoutInSeconds", "heartbeatInSeconds")),
            Map.entry("taskSucceededEventDetails", Set.of("resourceType", "resource", "output")),
            Map.entry("taskFailedEventDetails", Set.of("resourceType", "resource", "error", "cause")),
            Map.entry("mapRunStartedEventDetails", Set.of("mapRunArn")),
            Map.entry("mapRunFailedEventDetails", Set.of("error", "cause")));

    /** The members of the events' details that are the execution's data. */
    private static final Set<String> EXECUTION_DATA = Set.of("input", "output", "parameters");

    private final LocalEngine engine;
    private final HttpServer server;
    private final Map<String, Function<JsonNode, ObjectNode>> operations = Map.of(
            "StartExecution", this::startExecution,
            "DescribeExecution", this::describeExecution,
            "StopExecution", this::stopExecution,
            "ListExecutions", this::listExecutions,
            "GetExecutionHistory", this::getExecutionHistory,
            "DescribeMapRun", this::describeMapRun,
            "ListMapRuns", this::listMapRuns);

    /** An API error: its {@code __type} and message, answered with HTTP 400. */
    private static final class ApiError extends RuntimeException {
        final String type;

        ApiError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private StepFunctionsServer(LocalEngine engine, HttpServer server) {
        this.engine = engine;
        this.server = server;
    }

    /** Serves {@code engine}'s API on 127.0.0.1, on a free port. */
    public static StepFunctionsServer start(LocalEngine engine) {
        try {
            StepFunctionsServer api = new StepFunctionsServer(engine, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            api.server.createContext("/", api::handle);
            api.server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve the Step Functions API", e);
        }
    }

    /** The endpoint to give the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            ObjectNode answer;
            try {
                answer = dispatch(exchange);
            } catch (ApiError error) {
                status = 400;
                answer = error(error.type, error.getMessage());
            } catch (RuntimeException unexpected) {
                status = 500;
                answer = error("InternalFailure", String.valueOf(unexpected));
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** Runs the operation the {@code X-Amz-Target} header names; the engine's argument errors become API errors. */
    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        Function<JsonNode, ObjectNode> operation = target.startsWith(TARGET_PREFIX) ? operations.get(target.substring(TARGET_PREFIX.length())) : null;
        if (operation == null) {
            throw new ApiError("UnknownOperationException", "unknown operation " + target);
        }
        JsonNode request;
        try {
            request = JSON.readTree(exchange.getRequestBody());
        } catch (JsonProcessingException e) {
            throw new ApiError("SerializationException", "the request is not JSON: " + e.getOriginalMessage());
        }
        try {
            return operation.apply(request);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String type = ENGINE_ERRORS.entrySet().stream().filter(known -> message.startsWith(known.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("ValidationException");
            throw new ApiError(type, message);
        }
    }

    private ObjectNode startExecution(JsonNode request) {
        String arn = engine.startExecution(required(request, "stateMachineArn"), request.path("name").textValue(), request.path("input").textValue());
        return JSON.createObjectNode().put("executionArn", arn).put("startDate", epochSeconds(engine.describeExecution(arn).startDate()));
    }

    private ObjectNode describeExecution(JsonNode request) {
        ExecutionInfo info = engine.describeExecution(required(request, "executionArn"));
        return execution(info).put("input", info.input()).put("output", info.output()).put("error", info.error()).put("cause", info.cause());
    }

    private ObjectNode stopExecution(JsonNode request) {
        ExecutionInfo stopped = engine.stopExecution(required(request, "executionArn"), request.path("error").textValue(),
                request.path("cause").textValue());
        return JSON.createObjectNode().put("stopDate", epochSeconds(stopped.stopDate()));
    }

    private ObjectNode listExecutions(JsonNode request) {
        Optional<ExecutionStatus> status = Optional.ofNullable(request.path("statusFilter").textValue()).map(ExecutionStatus::valueOf);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode executions = answer.putArray("executions");
        engine.listExecutions(required(request, "stateMachineArn"), status).forEach(info -> executions.add(execution(info)));
        return answer;
    }

    private ObjectNode getExecutionHistory(JsonNode request) {
        // includeExecutionData (default true): false leaves out the events' inputs, outputs and task parameters
        Set<String> left = request.path("includeExecutionData").asBoolean(true) ? Set.of() : EXECUTION_DATA;
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode events = answer.putArray("events");
        for (HistoryEvent event : engine.executionHistory(required(request, "executionArn"))) {
            ObjectNode listed = events.addObject().put("id", event.id()).put("previousEventId", event.previousEventId())
                    .put("timestamp", epochSeconds(event.timestamp())).put("type", event.type());
            String member = detailsMember(event.type());
            Set<String> fields = EVENT_DETAILS.get(member);
            if (fields != null && event.details() != null) {
                ObjectNode details = listed.putObject(member);
                fields.stream().filter(event.details()::has).filter(field -> !left.contains(field))
                        .forEach(field -> details.set(field, event.details().get(field)));
            }
        }
        return answer;
    }

    private ObjectNode describeMapRun(JsonNode request) {
        MapRunInfo info = engine.describeMapRun(required(request, "mapRunArn"));
        ObjectNode answer = JSON.createObjectNode().put("mapRunArn", info.mapRunArn()).put("executionArn", info.executionArn())
                .put("status", info.status().name()).put("startDate", epochSeconds(info.startDate())).put("stopDate", epochSeconds(info.stopDate()))
                .put("maxConcurrency", info.maxConcurrency()).put("toleratedFailurePercentage", info.toleratedFailurePercentage())
                .put("toleratedFailureCount", info.toleratedFailureCount());
        answer.set("itemCounts", counts(info.itemCounts()));
        answer.set("executionCounts", counts(info.executionCounts()));
        return answer;
    }

    private ObjectNode listMapRuns(JsonNode request) {
        String executionArn = required(request, "executionArn");
        String stateMachineArn = engine.describeExecution(executionArn).stateMachineArn();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode mapRuns = answer.putArray("mapRuns");
        for (MapRunInfo info : engine.listMapRuns(executionArn)) {
            mapRuns.addObject().put("executionArn", info.executionArn()).put("mapRunArn", info.mapRunArn()).put("stateMachineArn", stateMachineArn)
                    .put("startDate", epochSeconds(info.startDate())).put("stopDate", epochSeconds(info.stopDate()));
        }
        return answer;
    }

    /** The members an execution has both in DescribeExecution and in ListExecutions. */
    private static ObjectNode execution(ExecutionInfo info) {
        return JSON.createObjectNode().put("executionArn", info.executionArn()).put("stateMachineArn", info.stateMachineArn())
                .put("name", info.name()).put("status", info.status().name())
                .put("startDate", epochSeconds(info.startDate())).put("stopDate", epochSeconds(info.stopDate()));
    }

    private static ObjectNode counts(MapRunInfo.Counts counts) {
        return JSON.createObjectNode().put("pending", counts.pending()).put("running", counts.running()).put("succeeded", counts.succeeded())
                .put("failed", counts.failed()).put("timedOut", counts.timedOut()).put("aborted", counts.aborted()).put("total", counts.total())
                .put("resultsWritten", counts.resultsWritten());
    }

    /** The API's member for an event type's details: {@code stateEnteredEventDetails} for any state, else the type in camel case. */
    private static String detailsMember(String type) {
        if (type.endsWith("StateEntered")) {
            return "stateEnteredEventDetails";
        }
        if (type.endsWith("StateExited")) {
            return "stateExitedEventDetails";
        }
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    }

    /** A timestamp as AWS JSON 1.0 writes it: epoch seconds, to the millisecond; null stays null. */
    private static BigDecimal epochSeconds(Instant instant) {
        return instant == null ? null : BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static String required(JsonNode request, String member) {
        String value = request.path(member).textValue();
        if (value == null) {
            throw new IllegalArgumentException(member + " is required");
        }
        return value;
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }
}

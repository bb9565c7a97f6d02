package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Step Functions on one machine: registers state machines from their ASL definitions (checked when
 * loaded) and runs executions of them, with the operations of the Step Functions API: start,
 * describe, stop, list, history, and the map runs of Distributed Map states.
 */
public final class LocalEngine implements AutoCloseable {

    private static final String ARN_PREFIX = "arn:aws:states:local:000000000000:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Consumer<ExecutionInfo> whenEnded;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-engine");
        thread.setDaemon(true);
        return thread;
    });
    private final Interpreter interpreter;
    private final Map<String, Machine> machines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final Map<String, MapRunner.Tracking> mapRuns = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-engine-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /** A state machine: its graph, and its executions' time limit ({@code TimeoutSeconds}; null: none). */
    private record Machine(String arn, String name, States graph, Duration timeout) {}

    private static final class Execution {
        final Run run;
        final String input;
        final CompletableFuture<ExecutionInfo> done = new CompletableFuture<>();
        volatile boolean stopRequested;
        /** Set, under the engine's lock, by the one end that counts (its success, failure, stop or timeout). */
        boolean ending;
        volatile ExecutionInfo ended;

        Execution(Run run, String input) {
            this.run = run;
            this.input = input;
        }
    }

    public LocalEngine(TaskInvoker invoker, ObjectStore store, Sleeper sleeper, Clock clock) {
        this(invoker, store, sleeper, clock, ended -> { });
    }

    /**
     * @param whenEnded told of each execution's end, as Step Functions tells EventBridge ("Step Functions
     *     Execution Status Change"), before the end shows in its description; what it throws changes nothing
     */
    public LocalEngine(TaskInvoker invoker, ObjectStore store, Sleeper sleeper, Clock clock, Consumer<ExecutionInfo> whenEnded) {
        this.clock = clock;
        this.whenEnded = whenEnded;
        this.interpreter = new Interpreter(invoker, sleeper, workers,
                self -> new MapRunner(self, store, workers, tracking -> mapRuns.put(tracking.arn, tracking)));
    }

    /** Loads and checks a definition (a {@link DefinitionException} names what it cannot run); returns the state machine's ARN. */
    public String createStateMachine(String name, String definition) {
        JsonNode json;
        try {
            json = JSON.readTree(definition);
        } catch (IOException e) {
            throw new DefinitionException("state machine " + name, "the definition is not JSON: " + e.getMessage());
        }
        String arn = ARN_PREFIX + "stateMachine:" + name;
        Duration timeout = null;
        if (json.has("TimeoutSeconds")) {
            JsonNode seconds = json.get("TimeoutSeconds");
            if (!seconds.canConvertToLong() || seconds.asLong() < 1) {
                throw new DefinitionException("state machine " + name, "TimeoutSeconds must be a positive whole number, not " + seconds);
            }
            timeout = Duration.ofSeconds(seconds.asLong());
            json = ((ObjectNode) json).deepCopy().without("TimeoutSeconds"); // the execution's limit, not the graph's
        }
        machines.put(arn, new Machine(arn, name, States.parse("state machine " + name, json), timeout));
        return arn;
    }

    /** Starts an execution in the background; returns its ARN. */
    public String startExecution(String stateMachineArn, String name, String input) {
        Machine machine = machines.get(stateMachineArn);
        if (machine == null) {
            throw new IllegalArgumentException("no state machine " + stateMachineArn);
        }
        String executionName = name != null ? name : UUID.randomUUID().toString();
        String arn = ARN_PREFIX + "execution:" + machine.name() + ":" + executionName;
        JsonNode inputJson;
        try {
            inputJson = JSON.readTree(input == null ? "{}" : input);
        } catch (IOException e) {
            throw new IllegalArgumentException("InvalidExecutionInput: the input is not JSON: " + e.getMessage());
        }
        Execution existing = executions.get(arn);
        if (existing != null && existing.input.equals(inputJson.toString())) {
            return arn; // as Step Functions: starting the same named execution with the same input again is a no-op
        }
        Execution[] holder = new Execution[1];
        Run run = new Run(arn, executionName, machine.arn(), machine.name(), inputJson, clock, () -> holder[0].stopRequested, true);
        Execution execution = new Execution(run, inputJson.toString());
        holder[0] = execution;
        if (executions.putIfAbsent(arn, execution) != null) {
            throw new IllegalArgumentException("ExecutionAlreadyExists: " + arn);
        }
        run.record("ExecutionStarted", JsonPaths.object().put("input", execution.input).put("roleArn", Run.ROLE_ARN));
        workers.submit(() -> finish(execution, machine));
        if (machine.timeout() != null) {
            timers.schedule(() -> end(execution, ExecutionStatus.TIMED_OUT, StatesError.TIMEOUT, "the execution ran longer than its TimeoutSeconds",
                    "ExecutionTimedOut"), machine.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return arn;
    }

    private void end(Execution execution, ExecutionInfo info) {
        if (claimEnd(execution)) {
            publish(execution, info);
        }
    }

    /** Whether this end is the execution's, the first to claim it. */
    private synchronized boolean claimEnd(Execution execution) {
        if (execution.ending) {
            return false;
        }
        execution.ending = true;
        return true;
    }

    /** Tells the listener of the end, then shows it. */
    private void publish(Execution execution, ExecutionInfo info) {
        try {
            whenEnded.accept(info);
        } catch (RuntimeException notDelivered) {
            // as a failed EventBridge target: the execution's end stands
        } finally {
            execution.ended = info;
            execution.done.complete(info);
        }
    }

    private void finish(Execution execution, Machine machine) {
        Run run = execution.run;
        ExecutionInfo info;
        try {
            JsonNode output = interpreter.run(machine.graph(), run.input, run, null);
            if (execution.stopRequested) {
                return;
            }
            run.record("ExecutionSucceeded", JsonPaths.object().put("output", output.toString()));
            info = info(execution, ExecutionStatus.SUCCEEDED, output.toString(), null, null);
        } catch (StatesError error) {
            if (execution.stopRequested) {
                return; // recorded as aborted when stopped
            }
            run.record("ExecutionFailed", JsonPaths.object().put("error", error.error()).put("cause", error.cause()));
            info = info(execution, ExecutionStatus.FAILED, null, error.error(), error.cause());
        } catch (RuntimeException | Error unexpected) {
            // whatever escapes the interpreter still ends the execution, so no caller waits for ever
            run.record("ExecutionFailed", JsonPaths.object().put("error", StatesError.RUNTIME).put("cause", String.valueOf(unexpected)));
            info = info(execution, ExecutionStatus.FAILED, null, StatesError.RUNTIME, String.valueOf(unexpected));
        }
        end(execution, info);
    }

    public ExecutionInfo describeExecution(String executionArn) {
        Execution execution = execution(executionArn);
        return execution.ended != null ? execution.ended : info(execution, ExecutionStatus.RUNNING, null, null, null);
    }

    /** Waits for the execution to end. */
    public ExecutionInfo awaitExecution(String executionArn) {
        return execution(executionArn).done.join();
    }

    /** Waits for the execution to end, at most {@code upTo}; whether it has. */
    public boolean awaitExecution(String executionArn, Duration upTo) throws InterruptedException {
        try {
            execution(executionArn).done.get(upTo.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException unexpected) {
            return true; // the execution's end is recorded either way
        }
    }

    /**
     * Stops an execution, as StopExecution with its {@code error} and {@code cause} (null: none), which the
     * aborted execution then carries: it is aborted at once, and no state starts after this (a task in
     * flight runs to its end).
     */
    public ExecutionInfo stopExecution(String executionArn, String error, String cause) {
        Execution execution = execution(executionArn);
        end(execution, ExecutionStatus.ABORTED, error, cause, "ExecutionAborted");
        return describeExecution(executionArn);
    }

    /** Ends a running execution from outside (a stop, its timeout): no state starts after this, a task in flight runs to its end. */
    private void end(Execution execution, ExecutionStatus status, String error, String cause, String event) {
        synchronized (this) {
            if (!claimEnd(execution)) {
                return;
            }
            execution.stopRequested = true;
            ObjectNode details = JsonPaths.object();
            if (error != null) {
                details.put("error", error);
            }
            if (cause != null) {
                details.put("cause", cause);
            }
            execution.run.record(event, details);
        }
        publish(execution, info(execution, status, null, error, cause));
    }

    public List<ExecutionInfo> listExecutions(String stateMachineArn, Optional<ExecutionStatus> status) {
        List<ExecutionInfo> listed = new ArrayList<>();
        for (Execution execution : executions.values()) {
            ExecutionInfo info = describeExecution(execution.run.arn);
            if (info.stateMachineArn().equals(stateMachineArn) && status.map(info.status()::equals).orElse(true)) {
                listed.add(info);
            }
        }
        listed.sort(Comparator.comparing(ExecutionInfo::startDate).reversed());
        return listed;
    }

    public List<HistoryEvent> executionHistory(String executionArn) {
        return execution(executionArn).run.history();
    }

    public MapRunInfo describeMapRun(String mapRunArn) {
        MapRunner.Tracking tracking = mapRuns.get(mapRunArn);
        if (tracking == null) {
            throw new IllegalArgumentException("no map run " + mapRunArn);
        }
        return tracking.info();
    }

    public List<MapRunInfo> listMapRuns(String executionArn) {
        execution(executionArn);
        return mapRuns.values().stream().filter(tracking -> tracking.executionArn.equals(executionArn))
                .map(MapRunner.Tracking::info).sorted(Comparator.comparing(MapRunInfo::startDate)).toList();
    }

    private ExecutionInfo info(Execution execution, ExecutionStatus status, String output, String error, String cause) {
        Run run = execution.run;
        return new ExecutionInfo(run.arn, run.stateMachineArn, run.name, status, run.startTime,
                status == ExecutionStatus.RUNNING ? null : clock.instant(), execution.input, output, error, cause, run.transitions.get());
    }

    private Execution execution(String executionArn) {
        Execution execution = executions.get(executionArn);
        if (execution == null) {
            throw new IllegalArgumentException("ExecutionDoesNotExist: " + executionArn);
        }
        return execution;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdownNow();
    }
}

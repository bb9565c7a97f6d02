package org.laionfmri.mirror.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One execution as it runs (a started execution, or a Distributed Map's child execution): its identity
 * for the context object, its count of state transitions, its history, and whether it was stopped.
 */
final class Run {

    static final String ROLE_ARN = "arn:aws:iam::000000000000:role/laion-mirror-local";

    final String arn;
    final String name;
    final String stateMachineArn;
    final String stateMachineName;
    final JsonNode input;
    final Instant startTime;
    final AtomicLong transitions = new AtomicLong();
    private final BooleanSupplier stopped;
    private final List<HistoryEvent> history = new ArrayList<>();
    private final boolean recordsHistory;
    private final java.time.Clock clock;

    Run(String arn, String name, String stateMachineArn, String stateMachineName, JsonNode input, java.time.Clock clock,
            BooleanSupplier stopped, boolean recordsHistory) {
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.input = input;
        this.clock = clock;
        this.startTime = clock.instant();
        this.stopped = stopped;
        this.recordsHistory = recordsHistory;
    }

    boolean stopped() {
        return stopped.getAsBoolean();
    }

    Instant now() {
        return clock.instant();
    }

    java.time.Clock clock() {
        return clock;
    }

    /** The context object ({@code $$}) of a state of this run. */
    ObjectNode context(String stateName, Instant entered, int retryCount) {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", arn);
        execution.put("Name", name);
        execution.set("Input", input);
        execution.put("StartTime", startTime.toString());
        execution.put("RoleArn", ROLE_ARN);
        ObjectNode stateMachine = context.putObject("StateMachine");
        stateMachine.put("Id", stateMachineArn);
        stateMachine.put("Name", stateMachineName);
        ObjectNode state = context.putObject("State");
        state.put("Name", stateName);
        state.put("EnteredTime", entered.toString());
        state.put("RetryCount", retryCount);
        return context;
    }

    /** Adds an event to the history; a stopped or timed-out run's history ends with that event. */
    void record(String type, JsonNode details) {
        if (!recordsHistory || stopped() && !type.equals("ExecutionAborted") && !type.equals("ExecutionTimedOut")) {
            return;
        }
        synchronized (history) {
            long id = history.size() + 1L;
            history.add(new HistoryEvent(id, id - 1, clock.instant(), type, details));
        }
    }

    List<HistoryEvent> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }
}

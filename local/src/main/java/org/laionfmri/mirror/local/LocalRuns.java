package org.laionfmri.mirror.local;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.HistoryEvent;
import org.laionfmri.mirror.engine.LocalEngine;
import org.laionfmri.mirror.engine.MapRunInfo;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.run.Phases;
import org.laionfmri.mirror.run.Runs;

/**
 * Runs on this machine: the mirror's workflow on the local engine, called in-process (no API, no
 * listener). A run lives as long as this process; the engine knows only the runs it started.
 */
public final class LocalRuns implements Runs {

    private final Supplier<LocalWorkflow> workflowOf;
    private LocalWorkflow workflow;

    /**
     * @param workflowOf makes the workflow when the first run starts: until then this process knows no run,
     *     and a command that only reads the history (runs, status) loads no engine and parses no definition
     */
    public LocalRuns(Supplier<LocalWorkflow> workflowOf) {
        this.workflowOf = workflowOf;
    }

    @Override
    public void start(String runId, String requestJson) {
        workflow().start(runId, requestJson);
    }

    @Override
    public Optional<Execution> describe(String runId) {
        return known(runId).map(info -> new Execution(runId, Execution.Status.valueOf(info.status().name()), info.startDate(), info.stopDate(),
                info.error(), info.cause(), info.input()));
    }

    @Override
    public void awaitEnd(String runId, Duration upTo) throws InterruptedException {
        if (known(runId).isEmpty()) {
            Thread.sleep(upTo.toMillis());
        } else {
            engine().awaitExecution(arn(runId), upTo);
        }
    }

    @Override
    public void stop(String runId, String error, String cause) {
        if (known(runId).isPresent()) {
            engine().stopExecution(arn(runId), error, cause);
        }
    }

    @Override
    public Optional<Map<String, Duration>> phases(String runId) {
        if (known(runId).isEmpty()) {
            return Optional.empty();
        }
        Phases phases = new Phases();
        for (HistoryEvent event : engine().executionHistory(arn(runId))) {
            if (event.type().endsWith("StateEntered")) {
                phases.entered(event.details().path("name").asText(), event.timestamp());
            } else if (event.type().endsWith("StateExited")) {
                phases.exited(event.details().path("name").asText(), event.timestamp());
            }
        }
        return Optional.of(phases.spent());
    }

    /** The execution's transitions and those of its map runs' children: what Step Functions would bill. */
    @Override
    public OptionalLong stateTransitions(String runId) {
        return known(runId).map(info -> OptionalLong.of(info.stateTransitions()
                + engine().listMapRuns(info.executionArn()).stream().mapToLong(MapRunInfo::stateTransitions).sum())).orElse(OptionalLong.empty());
    }

    @Override
    public synchronized void close() {
        if (workflow != null) {
            workflow.close();
        }
    }

    private Optional<ExecutionInfo> known(String runId) {
        if (!started()) {
            return Optional.empty();
        }
        try {
            return Optional.of(engine().describeExecution(arn(runId)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private String arn(String runId) {
        return workflow().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + runId;
    }

    private LocalEngine engine() {
        return workflow().engine();
    }

    private synchronized LocalWorkflow workflow() {
        if (workflow == null) {
            workflow = workflowOf.get();
        }
        return workflow;
    }

    private synchronized boolean started() {
        return workflow != null;
    }
}

package org.laionfmri.mirror.client.deployment;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.run.Phases;
import org.laionfmri.mirror.run.Runs;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** Runs of a deployed stack: executions of its state machine, named by their run ids, through the Step Functions API. */
final class StepFunctionsRuns implements Runs {

    private final SfnClient sfn;
    private final String stateMachineArn;

    StepFunctionsRuns(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public void start(String runId, String requestJson) {
        sfn.startExecution(start -> start.stateMachineArn(stateMachineArn).name(runId).input(requestJson));
    }

    @Override
    public Optional<Execution> describe(String runId) {
        try {
            DescribeExecutionResponse described = sfn.describeExecution(describe -> describe.executionArn(arn(runId)));
            return Optional.of(new Execution(runId, status(described.status()), described.startDate(), described.stopDate(), described.error(),
                    described.cause(), described.input()));
        } catch (ExecutionDoesNotExistException unknown) {
            return Optional.empty();
        }
    }

    /** Step Functions has no call that waits. */
    @Override
    public void awaitEnd(String runId, Duration upTo) throws InterruptedException {
        Thread.sleep(upTo.toMillis());
    }

    @Override
    public void stop(String runId, String error, String cause) {
        sfn.stopExecution(stop -> stop.executionArn(arn(runId)).error(error).cause(cause));
    }

    /** From the execution's history, read without its data; empty when the caller may not read it (states:GetExecutionHistory). */
    @Override
    public Optional<Map<String, Duration>> phases(String runId) {
        Phases phases = new Phases();
        try {
            for (HistoryEvent event : sfn.getExecutionHistoryPaginator(history -> history.executionArn(arn(runId)).includeExecutionData(false)).events()) {
                if (event.stateEnteredEventDetails() != null) {
                    phases.entered(event.stateEnteredEventDetails().name(), event.timestamp());
                } else if (event.stateExitedEventDetails() != null) {
                    phases.exited(event.stateExitedEventDetails().name(), event.timestamp());
                }
            }
        } catch (ExecutionDoesNotExistException unknown) {
            return Optional.empty();
        } catch (SfnException e) {
            if (e.awsErrorDetails() != null && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(phases.spent());
    }

    /** Step Functions bills transitions but has no API that counts them. */
    @Override
    public OptionalLong stateTransitions(String runId) {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        sfn.close();
    }

    private String arn(String runId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + runId;
    }

    /** A status newer than this SDK reads as running: the run's record says how it ended. */
    private static Execution.Status status(ExecutionStatus status) {
        return status == ExecutionStatus.UNKNOWN_TO_SDK_VERSION ? Execution.Status.RUNNING : Execution.Status.valueOf(status.toString());
    }
}

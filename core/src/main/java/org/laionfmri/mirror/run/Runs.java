package org.laionfmri.mirror.run;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where runs of the workflow execute, by run id (a run is an execution named by its id): Step Functions
 * behind a stack, the local engine in this process for a mirror on this machine. The port the client
 * starts, follows and stops runs through; both backends pass the same contract suite.
 */
public interface Runs extends AutoCloseable {

    /** Starts run {@code runId} of {@code requestJson}, the execution's input. */
    void start(String runId, String requestJson);

    /** The run's execution; empty when the engine knows none (a local run of an earlier command, one Step Functions expired). */
    Optional<Execution> describe(String runId);

    /** Waits up to {@code upTo} for the run to end, and no longer once it has (a local run's end is seen at once). */
    void awaitEnd(String runId, Duration upTo) throws InterruptedException;

    /** Stops a running run with {@code error} and {@code cause} as its end; a run that has ended stays as it ended. */
    void stop(String runId, String error, String cause);

    /**
     * Where the run's time went: the time spent in each state, by name, in the order the states were
     * first entered (a state entered again adds up); empty when the history may not be read.
     */
    Optional<Map<String, Duration>> phases(String runId);

    /** The state transitions of the run and of its map runs' children, where the engine counts them (the local one). */
    OptionalLong stateTransitions(String runId);

    @Override
    void close();
}

package org.laionfmri.mirror.client.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.state.RunRecord;

/**
 * Follows a run until its execution ends, telling its listener the progress once there is a plan with
 * something to copy (as the copy batches report it into the run's item). The same calls work against the
 * local engine and against AWS.
 */
final class RunFollower {

    /** How often a local run's progress is read (from the run's item); its end is seen at once. */
    private static final Duration LOCAL_POLL = Duration.ofMillis(250);

    private final Deployment deployment;
    private final RunControl runs;
    private final ProgressListener progress;
    private final Duration poll;

    RunFollower(Deployment deployment, RunControl runs, ProgressListener progress) {
        this.deployment = deployment;
        this.runs = runs;
        this.progress = progress;
        this.poll = deployment.inProcess() ? LOCAL_POLL : Duration.ofSeconds(2);
    }

    /** Polls until the run's execution has ended (a pending redrive has not); returns its last description. */
    Execution follow(String runId) throws InterruptedException {
        Instant started = Instant.now();
        while (true) {
            Execution execution = runs.execution(runId).orElseThrow(() -> new IllegalStateException("the run " + runId + " was not started"));
            if (execution.ended()) {
                return execution;
            }
            Optional<RunRecord.Progress> planned = runs.find(runId).map(RunRecord::progress)
                    .filter(sofar -> sofar.planned() && sofar.toCopy() > 0);
            planned.ifPresent(sofar -> progress.progressed(sofar, Duration.between(started, Instant.now())));
            deployment.runs().awaitEnd(runId, poll);
        }
    }
}

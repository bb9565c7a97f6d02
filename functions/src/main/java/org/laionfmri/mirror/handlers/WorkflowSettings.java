package org.laionfmri.mirror.handlers;

import java.time.Duration;
import java.util.Objects;
import org.laionfmri.mirror.plan.BatchLimits;

/**
 * How the steps run, whatever the stores: how the plan cuts batches, how long a run may hold the mirror
 * (the state machine's timeout, and the lease's), how many copies a batch runs at once, and how often a
 * batch writes its progress into the run's record.
 */
public record WorkflowSettings(BatchLimits batchLimits, Duration runTimeout, int copyParallelism, Duration progressEvery) {

    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofHours(12);
    public static final int DEFAULT_COPY_PARALLELISM = 16;
    /** A DynamoDB write every few seconds a batch, not one an object. */
    public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(5);

    public static final WorkflowSettings DEFAULT =
            new WorkflowSettings(BatchLimits.DEFAULT, DEFAULT_RUN_TIMEOUT, DEFAULT_COPY_PARALLELISM, DEFAULT_PROGRESS_EVERY);

    public WorkflowSettings {
        Objects.requireNonNull(batchLimits, "batchLimits");
        Objects.requireNonNull(runTimeout, "runTimeout");
        Objects.requireNonNull(progressEvery, "progressEvery");
        if (copyParallelism < 1) {
            throw new IllegalArgumentException("a batch runs at least one copy at a time, not " + copyParallelism);
        }
    }

    public WorkflowSettings withRunTimeout(Duration timeout) {
        return new WorkflowSettings(batchLimits, timeout, copyParallelism, progressEvery);
    }

    public WorkflowSettings withCopyParallelism(int copies) {
        return new WorkflowSettings(batchLimits, runTimeout, copies, progressEvery);
    }

    public WorkflowSettings withProgressEvery(Duration every) {
        return new WorkflowSettings(batchLimits, runTimeout, copyParallelism, every);
    }
}

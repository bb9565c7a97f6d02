package org.laionfmri.mirror.run;

import java.time.Instant;

/**
 * A run's execution as the engine describes it: its status, start and stop (null while it runs), the
 * error and cause it ended with, if any, and its input (the request, with who started it).
 */
public record Execution(String runId, Status status, Instant startedAt, Instant stoppedAt, String error, String cause, String input) {

    /** Step Functions' execution statuses. */
    public enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        ABORTED,
        /** Failed, and waiting to be redriven: not an end. */
        PENDING_REDRIVE;

        public boolean ended() {
            return this != RUNNING && this != PENDING_REDRIVE;
        }
    }

    public boolean ended() {
        return status.ended();
    }
}

package org.laionfmri.mirror.engine;

/** The statuses Step Functions gives an execution (and a map run). */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED
}

package org.laionfmri.mirror.state;

/** Where a run stands. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped, or its process died before it could report: the next run carries on where it left off. */
    ABORTED,
    /** Ended by the run timeout (Step Functions' TimeoutSeconds): the next run carries on where it left off. */
    TIMED_OUT
}

package org.laionfmri.mirror.state;

/** Where a run stands. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED
}

package org.laionfmri.mirror.state;

import java.time.Instant;
import java.util.Map;

/**
 * One run of the workflow: its request (JSON), status, start and end, totals by name ({@code copied},
 * {@code bytesCopied}, ...), where its report is, the error that failed it, if any, and its progress
 * while it runs (objects and bytes copied so far, as the copy batches report them). Ends and errors are
 * null while it runs.
 */
public record RunRecord(
        String runId,
        String requestJson,
        RunStatus status,
        Instant startedAt,
        Instant endedAt,
        Map<String, Long> totals,
        String reportKey,
        String error,
        Progress progress) {

    public RunRecord {
        totals = Map.copyOf(totals);
    }

    /** Objects and bytes the run's batches copied so far. */
    public record Progress(long copied, long bytesCopied) {
        public static final Progress NONE = new Progress(0, 0);
    }

    public static RunRecord started(String runId, String requestJson, Instant startedAt) {
        return new RunRecord(runId, requestJson, RunStatus.RUNNING, startedAt, null, Map.of(), null, null, Progress.NONE);
    }
}

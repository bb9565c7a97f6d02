package org.laionfmri.mirror.state;

import java.time.Instant;
import java.util.Map;

/**
 * One run of the workflow: its request (JSON), who started it (null when not said), status, start and
 * end, totals by name ({@code copied}, {@code bytesCopied}, ...), where its report is, the error that
 * failed it, if any, and its progress while it runs (what the plan holds, and what the copy batches
 * report as they finish). Ends and errors are null while it runs.
 */
public record RunRecord(
        String runId,
        String requestJson,
        String startedBy,
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

    /** Objects and bytes the plan holds to copy (-1 before it is made), and those the run's batches copied so far. */
    public record Progress(long toCopy, long bytesToCopy, long copied, long bytesCopied) {
        public static final Progress NONE = new Progress(-1, -1, 0, 0);

        public boolean planned() {
            return toCopy >= 0;
        }
    }

    public static RunRecord started(String runId, String requestJson, String startedBy, Instant startedAt) {
        return new RunRecord(runId, requestJson, startedBy, RunStatus.RUNNING, startedAt, null, Map.of(), null, null, Progress.NONE);
    }
}

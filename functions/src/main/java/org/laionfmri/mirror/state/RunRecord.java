package org.laionfmri.mirror.state;

import java.time.Instant;
import java.util.Map;

/**
 * One run of the workflow: its request (JSON), status, start and end, totals by name ({@code copied},
 * {@code bytesCopied}, ...), where its report is, and the error that failed it, if any. Ends and
 * errors are null while it runs.
 */
public record RunRecord(
        String runId,
        String requestJson,
        RunStatus status,
        Instant startedAt,
        Instant endedAt,
        Map<String, Long> totals,
        String reportKey,
        String error) {

    public RunRecord {
        totals = Map.copyOf(totals);
    }

    public static RunRecord started(String runId, String requestJson, Instant startedAt) {
        return new RunRecord(runId, requestJson, RunStatus.RUNNING, startedAt, null, Map.of(), null, null);
    }
}

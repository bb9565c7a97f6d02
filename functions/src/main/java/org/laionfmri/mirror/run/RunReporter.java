package org.laionfmri.mirror.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.laionfmri.mirror.state.MirrorTable;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.storage.MirrorBucket;

/**
 * Closes a run: writes {@code report.json} beside its plan and records the outcome in its run item. A
 * run fails when a step failed or any object failed to copy; denied objects do not fail it.
 */
public final class RunReporter {

    public static final String COPY_FAILED = "CopyFailed";

    private final MirrorTable table;
    private final MirrorBucket mirror;
    private final ObjectMapper json;
    private final Clock clock;

    public RunReporter(MirrorTable table, MirrorBucket mirror, ObjectMapper json, Clock clock) {
        this.table = table;
        this.mirror = mirror;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param requestJson the run's request, recorded if the run item does not exist yet (a run that
     *     failed before planning)
     * @param error the failing step's error name, or null
     * @param cause the failing step's message, or null
     */
    public RunReport report(RunLayout run, String requestJson, RunTotals totals, String error, String cause) {
        String runError = error;
        String runCause = cause;
        if (runError == null && !totals.failed().isEmpty()) {
            runError = COPY_FAILED;
            runCause = totals.failed().size() + " objects could not be copied; their keys are in " + run.reportKey();
        }
        RunStatus status = runError == null ? RunStatus.SUCCEEDED : RunStatus.FAILED;
        RunReport report = new RunReport(run.runId(), status, runError, runCause, totals.planned(), totals.copied(), totals.skipped(),
                totals.denied().size(), totals.failed().size(), totals.bytesCopied(), totals.bytesSkipped(),
                totals.stimuliDownloaded(), totals.stimuliBytes(), totals.s3Requests(), totals.denied(), totals.failed(), run.reportKey());
        try {
            mirror.put(run.reportKey(), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serialises", e);
        }
        table.startRun(RunRecord.started(run.runId(), requestJson, clock.instant()));
        table.finishRun(run.runId(), status, clock.instant(), totals.asRecord(), run.reportKey(), runError);
        return report;
    }
}

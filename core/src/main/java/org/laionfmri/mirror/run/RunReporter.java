package org.laionfmri.mirror.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import org.laionfmri.mirror.copy.FailedCopy;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.storage.ObjectStore;

/**
 * Closes a run: writes {@code report.json} beside its plan, records the outcome in its run item and
 * gives the mirror's lease back. A run fails when a step failed, when any object failed to copy, when
 * every object to copy was denied (a policy or key refuses the copies: nothing would ever be mirrored),
 * or when objects were left pending (the next run completes them); some denied objects alone do not fail it.
 * The messages it records are redacted (see {@link Redaction}): researchers read reports and run records.
 */
public final class RunReporter {

    public static final String COPY_FAILED = "CopyFailed";
    public static final String COPY_DENIED = "CopyDenied";
    public static final String COPY_INCOMPLETE = "CopyIncomplete";

    private final MirrorState state;
    private final ObjectStore mirror;
    private final ObjectMapper json;
    private final Clock clock;

    public RunReporter(MirrorState state, ObjectStore mirror, ObjectMapper json, Clock clock) {
        this.state = state;
        this.mirror = mirror;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param requestJson the run's request, recorded (with {@code startedBy}, null when not said) if the run
     *     item does not exist yet (a run that failed before planning)
     * @param caught the failures the steps caught, in the order of the steps
     */
    public RunReport report(RunLayout run, String requestJson, String startedBy, boolean dryRun, RunTotals totals, List<StepError> caught) {
        List<StepError> errors = caught.stream().map(error -> new StepError(error.step(), error.error(), Redaction.redact(error.cause()))).toList();
        StepError first = errors.isEmpty() ? outcomeOfCopies(run, totals) : errors.get(0);
        RunStatus status = first == null ? RunStatus.SUCCEEDED : RunStatus.FAILED;
        RunReport report = new RunReport(run.runId(), status, dryRun, first == null ? null : first.error(), first == null ? null : first.cause(),
                first == null ? null : first.step(), errors, totals.warnings().stream().map(Redaction::redact).toList(), totals.planned(),
                totals.toCopy(), totals.bytesToCopy(), totals.copied(), totals.skipped(), totals.denied().size(), totals.failed().size(),
                totals.pending().size(), totals.bytesCopied(), totals.bytesSkipped(), totals.stimuliDownloaded(), totals.stimuliBytes(),
                totals.s3Requests(), totals.sourceS3Requests(), totals.denied(), totals.failed().stream()
                        .map(copy -> new FailedCopy(copy.key(), Redaction.redact(copy.error()))).toList(), totals.pending(), run.reportKey());
        try {
            mirror.put(run.reportKey(), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serialises", e);
        }
        state.startRun(RunRecord.started(run.runId(), requestJson, startedBy, clock.instant()));
        state.finishRun(run.runId(), status, clock.instant(), totals.asRecord(), run.reportKey(), report.error());
        state.releaseLease(run.runId());
        return report;
    }

    /** What the copies came to when every step succeeded: null when all is well. */
    private static StepError outcomeOfCopies(RunLayout run, RunTotals totals) {
        if (!totals.failed().isEmpty()) {
            return new StepError(null, COPY_FAILED, totals.failed().size() + " objects could not be copied; their keys are in " + run.reportKey());
        }
        if (totals.toCopy() > 0 && totals.denied().size() == totals.toCopy()) {
            return new StepError(null, COPY_DENIED, "every one of the " + totals.toCopy() + " objects to copy was refused (AccessDenied): check"
                    + " the copy function's role, the mirror bucket's policy and its KMS key policy; the keys are in " + run.reportKey());
        }
        if (!totals.pending().isEmpty()) {
            return new StepError(null, COPY_INCOMPLETE, totals.pending().size() + " objects were not copied before their batch ran out of"
                    + " time; the next run copies them (their keys are in " + run.reportKey() + ")");
        }
        return null;
    }
}

package org.laionfmri.mirror.run;

import java.util.List;
import java.util.Map;
import org.laionfmri.mirror.copy.FailedCopy;
import org.laionfmri.mirror.state.RunStatus;

/**
 * The outcome of a run, as {@code report.json} holds it and the client shows it. {@code error} and
 * {@code cause} name what failed the run (the failing step's error, or {@code CopyFailed}, {@code
 * CopyDenied}, {@code CopyIncomplete} for what the copies came to), {@code failedStep} which of the
 * parts running side by side failed ({@code Copy}, {@code Stimuli}; null otherwise), and {@code errors}
 * every failure a step caught, {@code warnings} what the plan noticed; the key lists say which objects
 * were denied, failed or left pending. {@code s3Requests} counts every S3 request by operation, and
 * {@code sourceS3Requests} those of them the plan sent to the source (anonymous for the public bucket,
 * so billed to its owner).
 */
public record RunReport(
        String runId,
        RunStatus status,
        boolean dryRun,
        String error,
        String cause,
        String failedStep,
        List<StepError> errors,
        List<String> warnings,
        long planned,
        long toCopy,
        long bytesToCopy,
        long copied,
        long skipped,
        long denied,
        long failed,
        long pending,
        long bytesCopied,
        long bytesSkipped,
        long stimuliDownloaded,
        long stimuliBytes,
        Map<String, Long> s3Requests,
        Map<String, Long> sourceS3Requests,
        List<String> deniedKeys,
        List<FailedCopy> failedKeys,
        List<String> pendingKeys,
        String reportKey) {

    public RunReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        s3Requests = Map.copyOf(s3Requests);
        sourceS3Requests = Map.copyOf(sourceS3Requests);
        deniedKeys = List.copyOf(deniedKeys);
        failedKeys = List.copyOf(failedKeys);
        pendingKeys = List.copyOf(pendingKeys);
    }
}

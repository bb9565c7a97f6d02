package org.laionfmri.mirror.run;

import java.util.List;
import java.util.Map;
import org.laionfmri.mirror.copy.FailedCopy;
import org.laionfmri.mirror.state.RunStatus;

/**
 * The outcome of a run, as {@code report.json} holds it and the client shows it. {@code error} and
 * {@code cause} name what failed the run (the failing step's error, or {@code CopyFailed} when objects
 * could not be copied); the key lists say which objects were denied or failed.
 */
public record RunReport(
        String runId,
        RunStatus status,
        String error,
        String cause,
        long planned,
        long copied,
        long skipped,
        long denied,
        long failed,
        long bytesCopied,
        long bytesSkipped,
        long stimuliDownloaded,
        long stimuliBytes,
        Map<String, Long> s3Requests,
        List<String> deniedKeys,
        List<FailedCopy> failedKeys,
        String reportKey) {

    public RunReport {
        s3Requests = Map.copyOf(s3Requests);
        deniedKeys = List.copyOf(deniedKeys);
        failedKeys = List.copyOf(failedKeys);
    }
}

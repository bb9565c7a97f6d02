package org.laionfmri.mirror.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.laionfmri.mirror.copy.BatchResult;
import org.laionfmri.mirror.copy.FailedCopy;

/** Adds up what a run's steps report: the plan (and its warnings), each copy batch, the stimuli. Not thread-safe. */
public final class RunTotals {

    private long planned;
    private long toCopy;
    private long bytesToCopy;
    private long skipped;
    private long bytesSkipped;
    private long copied;
    private long bytesCopied;
    private final List<String> denied = new ArrayList<>();
    private final List<FailedCopy> failed = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private long stimuliDownloaded;
    private long stimuliBytes;
    private final Map<String, Long> s3Requests = new TreeMap<>();
    private final Map<String, Long> sourceS3Requests = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();

    public void plan(long copies, long copyBytes, long skip, long skipBytes, Map<String, Long> requests) {
        planned += copies + skip;
        toCopy += copies;
        bytesToCopy += copyBytes;
        skipped += skip;
        bytesSkipped += skipBytes;
        addRequests(requests);
    }

    public void batch(BatchResult batch) {
        copied += batch.copied();
        bytesCopied += batch.bytesCopied();
        denied.addAll(batch.denied());
        failed.addAll(batch.failed());
        pending.addAll(batch.pending());
        addRequests(batch.s3Requests());
    }

    /** A batch whose child execution failed: each of its items counts as failed with the execution's error. */
    public void failedBatch(List<String> keys, String error) {
        keys.forEach(key -> failed.add(new FailedCopy(key, error)));
    }

    public void stimuli(long downloaded, long bytes) {
        stimuliDownloaded += downloaded;
        stimuliBytes += bytes;
    }

    /** Something the person who asked should know, though nothing failed (a requested session the plan found nothing from). */
    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public void addRequests(Map<String, Long> requests) {
        requests.forEach((operation, count) -> s3Requests.merge(operation, count, Long::sum));
    }

    public long planned() {
        return planned;
    }

    public long toCopy() {
        return toCopy;
    }

    public long bytesToCopy() {
        return bytesToCopy;
    }

    public long skipped() {
        return skipped;
    }

    public long bytesSkipped() {
        return bytesSkipped;
    }

    public long copied() {
        return copied;
    }

    public long bytesCopied() {
        return bytesCopied;
    }

    public List<String> denied() {
        return denied.stream().sorted().toList();
    }

    public List<FailedCopy> failed() {
        return failed.stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
    }

    /** Keys a batch ran out of time for: not copied, not failed, left to the next run. */
    public List<String> pending() {
        return pending.stream().sorted().toList();
    }

    public long stimuliDownloaded() {
        return stimuliDownloaded;
    }

    public long stimuliBytes() {
        return stimuliBytes;
    }

    public Map<String, Long> s3Requests() {
        return Map.copyOf(s3Requests);
    }

    /** Of the S3 requests, those the plan sent to the source (read anonymously: billed to its owner). */
    public void addSourceRequests(Map<String, Long> requests) {
        requests.forEach((operation, count) -> sourceS3Requests.merge(operation, count, Long::sum));
    }

    public Map<String, Long> sourceS3Requests() {
        return Map.copyOf(sourceS3Requests);
    }

    /** The totals a run record keeps: every figure {@code runs} and {@code status} show, so they outlive the report. */
    public Map<String, Long> asRecord() {
        Map<String, Long> record = new TreeMap<>();
        record.put("planned", planned);
        record.put("toCopy", toCopy);
        record.put("bytesToCopy", bytesToCopy);
        record.put("copied", copied);
        record.put("skipped", skipped);
        record.put("denied", (long) denied.size());
        record.put("failed", (long) failed.size());
        record.put("pending", (long) pending.size());
        record.put("bytesCopied", bytesCopied);
        record.put("bytesSkipped", bytesSkipped);
        record.put("stimuliDownloaded", stimuliDownloaded);
        record.put("stimuliBytes", stimuliBytes);
        return record;
    }
}

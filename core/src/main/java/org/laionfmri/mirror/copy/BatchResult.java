package org.laionfmri.mirror.copy;

import java.util.List;
import java.util.Map;

/**
 * What a copy batch did: objects and bytes copied, keys refused with AccessDenied (recorded, not
 * retried: the bucket's policy holds them back), objects that failed after retries, keys left pending
 * when the batch ran out of time (the next run copies them), and the S3 requests sent by operation.
 */
public record BatchResult(long copied, long bytesCopied, List<String> denied, List<FailedCopy> failed, List<String> pending,
        Map<String, Long> s3Requests) {

    public BatchResult {
        denied = List.copyOf(denied);
        failed = List.copyOf(failed);
        pending = pending == null ? List.of() : List.copyOf(pending);
        s3Requests = Map.copyOf(s3Requests);
    }
}

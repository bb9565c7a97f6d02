package org.laionfmri.mirror.copy;

import java.util.List;
import java.util.Map;

/**
 * What a copy batch did: objects and bytes copied, keys refused with AccessDenied (recorded, not
 * retried: the bucket's policy holds them back), objects that failed after retries, and the S3
 * requests sent by operation.
 */
public record BatchResult(long copied, long bytesCopied, List<String> denied, List<FailedCopy> failed, Map<String, Long> s3Requests) {

    public BatchResult {
        denied = List.copyOf(denied);
        failed = List.copyOf(failed);
        s3Requests = Map.copyOf(s3Requests);
    }
}

package org.laionfmri.mirror.client.output;

import java.util.Map;

/** The S3 requests a command sent, as its summary says them. */
public final class S3Requests {

    private S3Requests() {}

    /** {@code "; S3 requests: {ListObjectsV2=8}"}; nothing for directories. */
    public static String said(Map<String, Long> requests) {
        return requests.isEmpty() ? "" : "; S3 requests: " + requests;
    }
}

package org.laionfmri.mirror.storage.s3;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts the S3 requests a client sends, by operation name ({@code ListObjectsV2}, {@code CopyObject}, ...), retries included. */
public final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        counts.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), name -> new LongAdder()).increment();
    }

    /** The counts so far, by operation name in alphabetical order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((operation, count) -> snapshot.put(operation, count.sum()));
        return snapshot;
    }

    /** The counts added since {@code earlier} (a snapshot of this counter): what one invocation sent. */
    public Map<String, Long> since(Map<String, Long> earlier) {
        Map<String, Long> added = new TreeMap<>();
        snapshot().forEach((operation, count) -> {
            long delta = count - earlier.getOrDefault(operation, 0L);
            if (delta > 0) {
                added.put(operation, delta);
            }
        });
        return added;
    }
}

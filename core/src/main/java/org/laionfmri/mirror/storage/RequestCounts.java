package org.laionfmri.mirror.storage;

import java.util.Map;
import java.util.TreeMap;

/** The requests a store's client has sent, by operation name ({@code ListObjectsV2}, {@code CopyObject}, ...), retries included. */
public interface RequestCounts {

    /** The counts so far, by operation name in alphabetical order. */
    Map<String, Long> snapshot();

    /** The counts added since {@code earlier} (a snapshot of these counts): what one invocation sent. */
    default Map<String, Long> since(Map<String, Long> earlier) {
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

package org.laionfmri.mirror.storage;

import java.util.Map;

/** What HEAD says of an object: its size and its user metadata (names in lower case). */
public record StoredObject(long size, Map<String, String> metadata) {

    public StoredObject {
        metadata = Map.copyOf(metadata);
    }
}

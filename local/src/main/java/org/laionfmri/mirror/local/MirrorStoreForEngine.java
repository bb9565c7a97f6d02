package org.laionfmri.mirror.local;

import java.io.InputStream;
import org.laionfmri.mirror.engine.ObjectStore;

/**
 * The engine's S3 (the Distributed Map's items and results) as the mirror's store: the engine names
 * objects by bucket and bucket-absolute key, as the definition does, and the mirror keeps them.
 */
final class MirrorStoreForEngine implements ObjectStore {

    private final org.laionfmri.mirror.storage.ObjectStore mirror;

    MirrorStoreForEngine(org.laionfmri.mirror.storage.ObjectStore mirror) {
        this.mirror = mirror;
    }

    @Override
    public InputStream get(String bucket, String key) {
        return mirror.read(keyOf(bucket, key));
    }

    @Override
    public void put(String bucket, String key, byte[] body) {
        mirror.put(keyOf(bucket, key), body, "application/json");
    }

    private String keyOf(String bucket, String key) {
        if (!bucket.equals(mirror.address().bucket())) {
            throw new IllegalArgumentException("the workflow reads and writes only the mirror's bucket " + mirror.address().bucket() + ", not " + bucket);
        }
        return mirror.address().relative(key);
    }
}

package org.laionfmri.mirror.engine;

import java.io.InputStream;

/** The S3 the engine reads Distributed Map items from and writes their results to. */
public interface ObjectStore {

    /** Opens an object; a missing object or bucket is an exception. */
    InputStream get(String bucket, String key);

    void put(String bucket, String key, byte[] body);
}

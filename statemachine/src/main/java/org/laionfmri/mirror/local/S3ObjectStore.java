package org.laionfmri.mirror.local;

import java.io.InputStream;
import org.laionfmri.mirror.engine.ObjectStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The engine's S3 (Distributed Map items and results) through an SDK client. */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream get(String bucket, String key) {
        return s3.getObject(get -> get.bucket(bucket).key(key));
    }

    @Override
    public void put(String bucket, String key, byte[] body) {
        s3.putObject(put -> put.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(body));
    }
}

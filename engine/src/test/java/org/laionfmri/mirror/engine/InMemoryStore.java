package org.laionfmri.mirror.engine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ObjectStore} in memory, for engine tests that need no S3. */
final class InMemoryStore implements ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public InputStream get(String bucket, String key) {
        byte[] body = objects.get(bucket + "/" + key);
        if (body == null) {
            throw new IllegalArgumentException("NoSuchKey: " + bucket + "/" + key);
        }
        return new ByteArrayInputStream(body);
    }

    @Override
    public void put(String bucket, String key, byte[] body) {
        objects.put(bucket + "/" + key, body);
    }

    void put(String bucket, String key, String body) {
        put(bucket, key, body.getBytes(StandardCharsets.UTF_8));
    }

    String text(String bucket, String key) {
        byte[] body = objects.get(bucket + "/" + key);
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
}

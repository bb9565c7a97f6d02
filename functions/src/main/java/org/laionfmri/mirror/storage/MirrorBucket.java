package org.laionfmri.mirror.storage;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The objects the workflow itself reads and writes in the mirror (plans, reports, stimulus files), by
 * key relative to the mirror's root.
 */
public final class MirrorBucket {

    private final S3Client s3;
    private final S3AsyncClient multipart;
    private final BucketLocation location;

    /** {@code multipart} must have multipart enabled: it streams uploads of unknown length. */
    public MirrorBucket(S3Client s3, S3AsyncClient multipart, BucketLocation location) {
        this.s3 = s3;
        this.multipart = multipart;
        this.location = location;
    }

    public BucketLocation location() {
        return location;
    }

    /** The bucket-absolute key of a mirror key. */
    public String absoluteKey(String key) {
        return location.prefix() + key;
    }

    public Optional<StoredObject> head(String key) {
        try {
            var head = s3.headObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)));
            return Optional.of(new StoredObject(head.contentLength(), head.metadata()));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Starts a streamed upload; the object appears only when the upload is committed. */
    public StreamingUpload upload(String key, Map<String, String> metadata) {
        return StreamingUpload.start(multipart, location.bucket(), absoluteKey(key), metadata);
    }

    public void put(String key, byte[] body, String contentType) {
        s3.putObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)).contentType(contentType), RequestBody.fromBytes(body));
    }

    /** Reads an object by its bucket-absolute key (as the state machine reports result locations). */
    public InputStream readAbsolute(String absoluteKey) {
        return s3.getObject(request -> request.bucket(location.bucket()).key(absoluteKey));
    }
}

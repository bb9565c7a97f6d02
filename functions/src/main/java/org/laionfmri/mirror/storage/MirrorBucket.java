package org.laionfmri.mirror.storage;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.laionfmri.mirror.error.MirrorAccessDenied;
import org.laionfmri.mirror.error.MirrorNotWritable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The objects the workflow itself reads and writes in the mirror (plans, reports, stimulus files), by
 * key relative to the mirror's root. A refusal by the mirror's policies is a {@link MirrorAccessDenied}
 * naming the operation, the object and S3's error code.
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

    /** What HEAD says of an object, empty when there is none (HEAD of a missing key is a 404 only with s3:ListBucket; else a refusal). */
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
            throw refused("HeadObject", key, e);
        }
    }

    /** The objects under {@code prefix} (a LIST: it names missing objects without needing to read them), keys relative to the mirror's root. */
    public List<ObjectEntry> list(String prefix) {
        List<ObjectEntry> entries = new ArrayList<>();
        try {
            for (Iterator<List<ObjectEntry>> pages = new S3ObjectListing(s3, location).pages(prefix); pages.hasNext(); ) {
                entries.addAll(pages.next());
            }
        } catch (S3Exception e) {
            throw refused("ListObjectsV2", prefix, e);
        }
        return entries;
    }

    /** Starts a streamed upload; the object appears only when the upload is committed. */
    public StreamingUpload upload(String key, Map<String, String> metadata) {
        return StreamingUpload.start(multipart, location.bucket(), absoluteKey(key), metadata);
    }

    public void put(String key, byte[] body, String contentType) {
        try {
            s3.putObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)).contentType(contentType), RequestBody.fromBytes(body));
        } catch (S3Exception e) {
            throw refused("PutObject", key, e);
        }
    }

    /** Reads an object by its key relative to the mirror's root, with what S3 says of it (its length). */
    public ResponseInputStream<GetObjectResponse> read(String key) {
        try {
            return s3.getObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)));
        } catch (S3Exception e) {
            throw refused("GetObject", key, e);
        }
    }

    /** Reads an object by its bucket-absolute key (as the state machine reports result locations). */
    public InputStream readAbsolute(String absoluteKey) {
        try {
            return s3.getObject(request -> request.bucket(location.bucket()).key(absoluteKey));
        } catch (S3Exception e) {
            throw refused("GetObject", absoluteKey.substring(Math.min(location.prefix().length(), absoluteKey.length())), e);
        }
    }

    /**
     * Proves the mirror writable as the copies will write it: writes {@code key} (encrypted with the
     * bucket's key, as every object is), reads it back and deletes it.
     *
     * @throws MirrorNotWritable when the bucket, its policy or its key refuses any of the three
     */
    public void proveWritable(String key) {
        byte[] probe = ("laion-mirror write probe: the mirror accepts writes\n").getBytes(StandardCharsets.UTF_8);
        probe("PutObject", key, () -> s3.putObject(put -> put.bucket(location.bucket()).key(absoluteKey(key)), RequestBody.fromBytes(probe)));
        byte[] read = probe("GetObject", key, () -> s3.getObjectAsBytes(get -> get.bucket(location.bucket()).key(absoluteKey(key))).asByteArray());
        if (!Arrays.equals(read, probe)) {
            throw new MirrorNotWritable("The mirror " + location + " gave back other bytes than were written to " + absoluteKey(key)
                    + ": check that the store is not shared with another writer.");
        }
        probe("DeleteObject", key, () -> s3.deleteObject(delete -> delete.bucket(location.bucket()).key(absoluteKey(key))));
    }

    private <T> T probe(String operation, String key, Supplier<T> call) {
        try {
            return call.get();
        } catch (S3Exception e) {
            if (e.statusCode() == 403 || e.statusCode() == 404) {
                throw new MirrorNotWritable("The workflow cannot write into the mirror s3://" + location.bucket() + "/" + location.prefix() + ": "
                        + operation + " of " + absoluteKey(key) + " was refused (" + code(e) + "). Check the bucket exists, and that the"
                        + " functions' roles, the bucket policy and the KMS key policy allow writing (kms:GenerateDataKey, kms:Decrypt).");
            }
            throw e;
        }
    }

    private RuntimeException refused(String operation, String key, S3Exception e) {
        if (e.statusCode() != 403) {
            return e;
        }
        return new MirrorAccessDenied(operation + " of " + absoluteKey(key) + " in s3://" + location.bucket() + " was refused (" + code(e)
                + "): check the step's role, the bucket policy and the KMS key policy.");
    }

    private static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code == null ? "HTTP" : code + ", HTTP") + " " + e.statusCode();
    }
}

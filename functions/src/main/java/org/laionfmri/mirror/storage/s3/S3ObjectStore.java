package org.laionfmri.mirror.storage.s3;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.laionfmri.mirror.copy.Transfer;
import org.laionfmri.mirror.error.MirrorAccessDenied;
import org.laionfmri.mirror.error.MirrorNotWritable;
import org.laionfmri.mirror.storage.NoSuchObject;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.ObjectUpload;
import org.laionfmri.mirror.storage.SourceObject;
import org.laionfmri.mirror.storage.StoreAddress;
import org.laionfmri.mirror.storage.StoredObject;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An {@link ObjectStore} on S3, AWS's or any S3-compatible endpoint: a bucket, or a prefix of one. Its
 * clients are built when first needed (a function builds only what it uses), each from {@link
 * S3Clients}, with requests counted. A refusal by the bucket's policies is a {@link MirrorAccessDenied}
 * naming the operation, the object and S3's error code.
 */
public final class S3ObjectStore implements ObjectStore {

    /** The largest object one CopyObject copies. */
    public static final long S3_SINGLE_PART_LIMIT = 5L << 30;
    /**
     * Objects above this are copied in parts: S3 may stay silent while one CopyObject copies a large object (a
     * client can time out while S3 finishes the copy), and parts copied side by side are faster across regions.
     */
    public static final long MULTIPART_COPY_THRESHOLD = 256L << 20;
    public static final long DEFAULT_PART_SIZE = 64L << 20;

    private final BucketLocation location;
    private final RequestCounter requests;
    private final List<ExecutionInterceptor> interceptors;
    private final long singlePartLimit;
    private final long partSize;
    private final long streamPartSize;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private S3Client plain;
    private S3AsyncClient async;
    private S3AsyncClient copier;
    private S3AsyncClient multipart;
    private S3AsyncClient reader;

    private S3ObjectStore(Builder builder) {
        this.location = builder.location;
        this.requests = builder.requests;
        this.interceptors = List.copyOf(builder.interceptors);
        if (builder.singlePartLimit > S3_SINGLE_PART_LIMIT) {
            throw new IllegalArgumentException("the multipart copy threshold (" + builder.singlePartLimit
                    + " bytes) must not exceed S3's single copy limit of 5 GiB");
        }
        this.singlePartLimit = builder.singlePartLimit;
        this.partSize = builder.partSize;
        this.streamPartSize = builder.streamPartSize;
    }

    public static Builder builder(BucketLocation location) {
        return new Builder(location);
    }

    public BucketLocation location() {
        return location;
    }

    /** Whether a server-side copy can go from {@code source} into this store: both on AWS, or on one endpoint. */
    boolean sameStoreAs(S3ObjectStore source) {
        return location.sameStoreAs(source.location);
    }

    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public StoreAddress address() {
        return new StoreAddress(location.bucket(), location.prefix());
    }

    @Override
    public Iterator<List<ObjectEntry>> pages(String prefix) {
        return new S3ObjectListing(plain(), location).pages(prefix);
    }

    @Override
    public List<String> childPrefixes(String prefix) {
        return new S3ObjectListing(plain(), location).childPrefixes(prefix);
    }

    /** What HEAD says of an object, empty when there is none (HEAD of a missing key is a 404 only with s3:ListBucket; else a refusal). */
    @Override
    public Optional<StoredObject> head(String key) {
        try {
            var head = plain().headObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)));
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

    @Override
    public InputStream read(String key) {
        try {
            return plain().getObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)));
        } catch (NoSuchKeyException missing) {
            throw new NoSuchObject("There is no " + absoluteKey(key) + " in " + location + ".");
        } catch (S3Exception e) {
            throw refused("GetObject", key, e);
        }
    }

    @Override
    public SourceObject openSource(String key, long expectedSize) {
        return new S3SourceObject(reader(), location, key, expectedSize);
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        try {
            plain().putObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)).contentType(contentType), RequestBody.fromBytes(body));
        } catch (S3Exception e) {
            throw refused("PutObject", key, e);
        }
    }

    /** Streamed by the SDK's multipart client part by part as it is written (one part in memory). */
    @Override
    public ObjectUpload upload(String key, Map<String, String> metadata) {
        return StreamingUpload.start(multipart(), location.bucket(), absoluteKey(key), metadata);
    }

    @Override
    public void delete(String key) {
        try {
            plain().deleteObject(request -> request.bucket(location.bucket()).key(absoluteKey(key)));
        } catch (S3Exception e) {
            throw refused("DeleteObject", key, e);
        }
    }

    /**
     * Proves the store writable as the copies will write it: writes {@code key} (encrypted with the
     * bucket's key, as every object is), reads it back and deletes it.
     *
     * @throws MirrorNotWritable when the bucket, its policy or its key refuses any of the three
     */
    @Override
    public void proveWritable(String key) {
        byte[] probe = ("laion-mirror write probe: the mirror accepts writes\n").getBytes(StandardCharsets.UTF_8);
        probe("PutObject", key, () -> plain().putObject(put -> put.bucket(location.bucket()).key(absoluteKey(key)), RequestBody.fromBytes(probe)));
        byte[] read = probe("GetObject", key, () -> plain().getObjectAsBytes(get -> get.bucket(location.bucket()).key(absoluteKey(key))).asByteArray());
        if (!Arrays.equals(read, probe)) {
            throw new MirrorNotWritable("The mirror " + location + " gave back other bytes than were written to " + absoluteKey(key)
                    + ": check that the store is not shared with another writer.");
        }
        probe("DeleteObject", key, () -> plain().deleteObject(delete -> delete.bucket(location.bucket()).key(absoluteKey(key))));
    }

    /**
     * Server-side from a source on the same store (objects above the single-part limit as the SDK's
     * multipart copy), else streamed through this process part by part.
     */
    @Override
    public Transfer transferFrom(ObjectStore source, int parallelism) {
        if (source instanceof S3ObjectStore bucket && sameStoreAs(bucket)) {
            return new ServerSideCopy(copier(), multipart(), bucket.location, location, singlePartLimit);
        }
        return new StreamedCopy(source, async(), location, parallelism, streamPartSize);
    }

    private String absoluteKey(String key) {
        return location.prefix() + key;
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

    static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code == null ? "HTTP" : code + ", HTTP") + " " + e.statusCode();
    }

    /** Lists, small requests and whole reads. */
    private synchronized S3Client plain() {
        plain = open(plain, () -> S3Clients.create(location, requests, interceptors));
        return plain;
    }

    /** Each request as it is: one CopyObject, one part. */
    private synchronized S3AsyncClient async() {
        async = open(async, () -> S3Clients.createAsync(location, requests, interceptors));
        return async;
    }

    /** Single server-side copies, each given the time its size needs. */
    private synchronized S3AsyncClient copier() {
        copier = open(copier, () -> S3Clients.createCopier(location, requests, interceptors, singlePartLimit));
        return copier;
    }

    /** Streams uploads and copies in parts: every object sent to it is above its threshold, one part. */
    private synchronized S3AsyncClient multipart() {
        multipart = open(multipart, () -> S3Clients.createMultipart(location, requests, partSize, interceptors));
        return multipart;
    }

    /** Reads objects as streams, for copies into another store. */
    private synchronized S3AsyncClient reader() {
        reader = open(reader, () -> S3Clients.createStreamReader(location, requests, interceptors));
        return reader;
    }

    private <T extends AutoCloseable> T open(T existing, Supplier<T> create) {
        if (existing != null) {
            return existing;
        }
        T created = create.get();
        opened.add(created);
        return created;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : opened) {
            try {
                client.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close the S3 client of " + location + ": " + e.getMessage(), e);
            }
        }
        opened.clear();
        plain = null;
        async = null;
        copier = null;
        multipart = null;
        reader = null;
    }

    /** Settings of a store: every one but the location has a default. */
    public static final class Builder {
        private final BucketLocation location;
        private RequestCounter requests = new RequestCounter();
        private List<ExecutionInterceptor> interceptors = List.of();
        private long singlePartLimit = MULTIPART_COPY_THRESHOLD;
        private long partSize = DEFAULT_PART_SIZE;
        private long streamPartSize = StreamedCopy.MIN_PART_SIZE;

        private Builder(BucketLocation location) {
            this.location = location;
        }

        /** Counts the requests the store sends, by operation. */
        public Builder requests(RequestCounter requests) {
            this.requests = requests;
            return this;
        }

        /** Also sees every request (a test recording the calls a step makes). */
        public Builder interceptors(List<ExecutionInterceptor> interceptors) {
            this.interceptors = interceptors;
            return this;
        }

        /** Objects above it are copied in parts (default {@link #MULTIPART_COPY_THRESHOLD}; at most 5 GiB). */
        public Builder singlePartLimit(long singlePartLimit) {
            this.singlePartLimit = singlePartLimit;
            return this;
        }

        /** The part size of multipart copies and streamed uploads. */
        public Builder partSize(long partSize) {
            this.partSize = partSize;
            return this;
        }

        /**
         * The smallest part of an object streamed in from another store ({@value StreamedCopy#MIN_PART_SIZE}: one part in
         * memory per copy); a test's may be smaller (S3 takes no part below 5 MiB but the last).
         */
        public Builder streamPartSize(long streamPartSize) {
            this.streamPartSize = streamPartSize;
            return this;
        }

        public S3ObjectStore build() {
            return new S3ObjectStore(this);
        }
    }
}

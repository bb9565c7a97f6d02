package org.laionfmri.mirror.testing;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3Proxy store middleware that behaves like S3 where the filesystem store does not: it refuses a
 * single CopyObject above the copy limit (S3: 5 GiB), answers 503 SlowDown to the first requests for a
 * key as a busy bucket does, denies keys as a bucket policy does, and holds requests for a key as long
 * as a test wants.
 */
public final class FaultyStore extends ForwardingBlobStore {

    private final long copyLimit;
    private final Map<String, AtomicInteger> slowDowns = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Set<String> readOnlyBuckets = ConcurrentHashMap.newKeySet();

    public FaultyStore(BlobStore delegate, long copyLimit) {
        super(delegate);
        this.copyLimit = copyLimit;
    }

    /** The next {@code times} reads or copies of {@code key} answer 503 SlowDown. */
    public void slowDown(String key, int times) {
        slowDowns.put(key, new AtomicInteger(times));
    }

    /** Reads and copies of {@code key} answer 403 AccessDenied. */
    public void deny(String key) {
        denied.add(key);
    }

    /** Every write into {@code bucket} (a put, a copy into it, a multipart upload) answers 403 AccessDenied, as a refusing policy or key does. */
    public void refuseWrites(String bucket) {
        readOnlyBuckets.add(bucket);
    }

    /** Reads and copies of {@code key} wait until the returned latch is counted down (a copy that takes its time). */
    public CountDownLatch hold(String key) {
        return held.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        refuseWriteTo(request.destinationBucket());
        refuseIfFaulty(request.sourceKey());
        long size = delegate().blobMetadata(HeadObjectRequest.builder().bucket(request.sourceBucket()).key(request.sourceKey()).build())
                .contentLength();
        if (size > copyLimit) {
            throw new S3ProxyException(S3ErrorCode.INVALID_REQUEST,
                    "The specified copy source is larger than the maximum allowable size for a copy source: " + copyLimit);
        }
        return super.copyBlob(request);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
        refuseWriteTo(request.bucket());
        return super.putBlob(request, body);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        refuseWriteTo(request.bucket());
        return super.initiateMultipartUpload(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        if (denied.contains(request.key())) {
            throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
        }
        return super.blobMetadata(request);
    }

    /** GetObject, and the source reads of UploadPartCopy. */
    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        refuseIfFaulty(request.key());
        return super.getBlob(request);
    }

    private void refuseWriteTo(String bucket) {
        if (readOnlyBuckets.contains(bucket)) {
            throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
        }
    }

    private void refuseIfFaulty(String key) {
        CountDownLatch hold = held.get(key);
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (denied.contains(key)) {
            throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
        }
        AtomicInteger left = slowDowns.get(key);
        if (left != null && left.getAndDecrement() > 0) {
            throw S3Exception.builder().statusCode(503)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").errorMessage("Please reduce your request rate.").build())
                    .build();
        }
    }
}

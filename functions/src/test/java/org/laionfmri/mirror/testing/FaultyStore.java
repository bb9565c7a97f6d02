package org.laionfmri.mirror.testing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3Proxy store middleware that behaves like S3 where the filesystem store does not: it refuses a
 * single CopyObject above the copy limit (S3: 5 GiB), answers 503 SlowDown to the first requests for a
 * key as a busy bucket does, and denies keys as a bucket policy does.
 */
public final class FaultyStore extends ForwardingBlobStore {

    private final long copyLimit;
    private final Map<String, AtomicInteger> slowDowns = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();

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

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        refuseIfFaulty(request.sourceKey());
        long size = delegate().blobMetadata(HeadObjectRequest.builder().bucket(request.sourceBucket()).key(request.sourceKey()).build())
                .contentLength();
        if (size > copyLimit) {
            throw new S3ProxyException(S3ErrorCode.INVALID_REQUEST,
                    "The specified copy source is larger than the maximum allowable size for a copy source: " + copyLimit);
        }
        return super.copyBlob(request);
    }

    /** GetObject, and the source reads of UploadPartCopy. */
    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        refuseIfFaulty(request.key());
        return super.getBlob(request);
    }

    private void refuseIfFaulty(String key) {
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

package org.laionfmri.mirror.storage.s3;

import java.util.concurrent.CompletableFuture;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.Transfer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;

/**
 * Copies within one S3 (AWS, or one S3-compatible endpoint), server-side: no byte passes through this
 * process. An object up to the single-part limit is one CopyObject (its size is known from the plan, so
 * nothing is looked up first), a larger one the SDK's multipart copy. A CopyObject is atomic, and an
 * unfinished multipart copy stores nothing.
 */
final class ServerSideCopy implements Transfer {

    private final S3AsyncClient singlePart;
    private final S3AsyncClient multipart;
    private final BucketLocation source;
    private final BucketLocation mirror;
    private final long singlePartLimit;

    ServerSideCopy(S3AsyncClient singlePart, S3AsyncClient multipart, BucketLocation source, BucketLocation mirror, long singlePartLimit) {
        this.singlePart = singlePart;
        this.multipart = multipart;
        this.source = source;
        this.mirror = mirror;
        this.singlePartLimit = singlePartLimit;
    }

    @Override
    public CompletableFuture<Void> copy(CopyItem item) {
        CopyObjectRequest request = CopyObjectRequest.builder()
                .sourceBucket(source.bucket()).sourceKey(source.prefix() + item.key())
                .destinationBucket(mirror.bucket()).destinationKey(mirror.prefix() + item.key())
                .build();
        try {
            return S3Failures.named((item.size() > singlePartLimit ? multipart : singlePart).copyObject(request).thenApply(copied -> null));
        } catch (RuntimeException refused) {
            return S3Failures.named(CompletableFuture.failedFuture(refused));
        }
    }

    @Override
    public void close() {
        // the clients are the store's
    }
}

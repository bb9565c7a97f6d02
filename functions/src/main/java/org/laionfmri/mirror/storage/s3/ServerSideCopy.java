package org.laionfmri.mirror.storage.s3;

import java.util.concurrent.CompletableFuture;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.Transfer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;

/**
 * Copies within one S3 (AWS, or one S3-compatible endpoint), server-side: no byte passes through this
 * process. An object up to the multipart threshold is one CopyObject (its size is known from the plan, so
 * nothing is looked up first), each attempt given a time sized to its object (S3 may stay silent while it
 * copies); a larger one the SDK's multipart copy, its parts side by side (it keeps the source's
 * Content-Type and user metadata, as CopyObject does). A CopyObject is atomic, and an unfinished
 * multipart copy stores nothing.
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
        boolean inParts = item.size() > singlePartLimit;
        CopyObjectRequest.Builder request = CopyObjectRequest.builder()
                .sourceBucket(source.bucket()).sourceKey(source.prefix() + item.key())
                .destinationBucket(mirror.bucket()).destinationKey(mirror.prefix() + item.key());
        if (!inParts) {
            request.overrideConfiguration(copy -> copy.apiCallAttemptTimeout(S3Clients.singleCopyTimeout(item.size())));
        }
        try {
            return S3Failures.named((inParts ? multipart : singlePart).copyObject(request.build()).thenApply(copied -> null));
        } catch (RuntimeException refused) {
            return S3Failures.named(CompletableFuture.failedFuture(refused));
        }
    }

    @Override
    public void close() {
        // the clients are the store's
    }
}

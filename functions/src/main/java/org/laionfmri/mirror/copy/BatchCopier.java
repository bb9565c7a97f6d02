package org.laionfmri.mirror.copy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.RequestCounter;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;

/**
 * Copies a batch of objects from the source into the mirror server-side: no byte passes through this
 * process. Objects up to the single-part limit take one CopyObject (their size is known from the plan,
 * so nothing is looked up first); larger ones go through the SDK's multipart copy. At most {@code
 * parallelism} copies run at once; throttling is retried by the clients, AccessDenied is recorded as
 * denied and the batch carries on, any other failure is recorded as failed.
 */
public final class BatchCopier {

    private final S3AsyncClient singlePart;
    private final S3AsyncClient multipart;
    private final RequestCounter requests;
    private final BucketLocation source;
    private final BucketLocation mirror;
    private final long singlePartLimit;
    private final int parallelism;

    /**
     * @param singlePart a plain client of the mirror
     * @param multipart a client of the mirror with multipart copies above {@code singlePartLimit}
     * @param requests the counter both clients report to
     */
    public BatchCopier(S3AsyncClient singlePart, S3AsyncClient multipart, RequestCounter requests,
            BucketLocation source, BucketLocation mirror, long singlePartLimit, int parallelism) {
        this.singlePart = singlePart;
        this.multipart = multipart;
        this.requests = requests;
        this.source = source;
        this.mirror = mirror;
        this.singlePartLimit = singlePartLimit;
        this.parallelism = parallelism;
    }

    public BatchResult copy(List<CopyItem> items) {
        Map<String, Long> requestsBefore = requests.snapshot();
        Semaphore slots = new Semaphore(parallelism);
        AtomicLong copied = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<String> denied = Collections.synchronizedList(new ArrayList<>());
        List<FailedCopy> failed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> running = new ArrayList<>();
        for (CopyItem item : items) {
            slots.acquireUninterruptibly();
            running.add(start(item).whenComplete((response, failure) -> {
                slots.release();
                if (failure == null) {
                    copied.incrementAndGet();
                    bytes.addAndGet(item.size());
                } else if (isAccessDenied(failure)) {
                    denied.add(item.key());
                } else {
                    failed.add(new FailedCopy(item.key(), describe(failure)));
                }
            }));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        return new BatchResult(copied.get(), bytes.get(), sorted(denied), failed.stream().sorted((a, b) -> a.key().compareTo(b.key())).toList(),
                requests.since(requestsBefore));
    }

    private CompletableFuture<?> start(CopyItem item) {
        CopyObjectRequest request = CopyObjectRequest.builder()
                .sourceBucket(source.bucket()).sourceKey(source.prefix() + item.key())
                .destinationBucket(mirror.bucket()).destinationKey(mirror.prefix() + item.key())
                .build();
        try {
            return (item.size() > singlePartLimit ? multipart : singlePart).copyObject(request);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private static boolean isAccessDenied(Throwable failure) {
        return unwrap(failure) instanceof AwsServiceException service
                && (service.statusCode() == 403 || "AccessDenied".equals(errorCode(service)));
    }

    private static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AwsServiceException service && errorCode(service) != null) {
            return errorCode(service) + " (HTTP " + service.statusCode() + ")";
        }
        return cause.getClass().getSimpleName();
    }

    private static String errorCode(AwsServiceException service) {
        return service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
    }

    /** The S3 error behind a failure (the multipart client wraps it), else the innermost cause. */
    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof AwsServiceException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted().toList();
    }
}

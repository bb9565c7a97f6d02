package org.laionfmri.mirror.copy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;

/**
 * Copies a batch of objects from the source into the mirror. When both are on one S3 (AWS, or one
 * S3-compatible endpoint) the copy is server-side and no byte passes through this process: objects up
 * to the multipart threshold take one CopyObject (their size is known from the plan, so nothing is
 * looked up first), each attempt given a time sized to its object; larger ones the SDK's multipart copy
 * (its parts side by side; it keeps the source's Content-Type and user metadata, as CopyObject does). Across endpoints (the public bucket into an
 * on-premises store or a local directory) each object passes through this process, a {@link
 * StreamedCopy} on a thread of its own. At most {@code parallelism} copies run at once; throttling is
 * retried by the clients, AccessDenied is recorded as denied and the batch carries on, any other
 * failure is recorded as failed, and what a {@link Deadline} leaves undone, or a run that ended (stopped,
 * timed out) did not start, is pending.
 */
public final class BatchCopier {

    private static final Duration WIND_DOWN = Duration.ofSeconds(5);

    private final S3AsyncClient singlePart;
    private final S3AsyncClient multipart;
    private final StreamedCopy streamed;
    private final RequestCounter requests;
    private final BucketLocation source;
    private final BucketLocation mirror;
    private final long singlePartLimit;
    private final int parallelism;
    private final Clock clock;

    /**
     * @param singlePart a client of the mirror for single copies (S3Clients.createCopier)
     * @param multipart a client of the mirror with multipart copies above {@code singlePartLimit}
     * @param streamed how an object is copied across endpoints; null when source and mirror are on one store
     * @param requests the counter the clients report to
     * @param clock what deadlines are measured with
     */
    public BatchCopier(S3AsyncClient singlePart, S3AsyncClient multipart, StreamedCopy streamed, RequestCounter requests,
            BucketLocation source, BucketLocation mirror, long singlePartLimit, int parallelism, Clock clock) {
        this.singlePart = singlePart;
        this.multipart = multipart;
        this.streamed = streamed;
        this.requests = requests;
        this.source = source;
        this.mirror = mirror;
        this.singlePartLimit = singlePartLimit;
        this.parallelism = parallelism;
        this.clock = clock;
    }

    /** Copies {@code items}, starting no copy after {@code deadline.stopStarting()} and cancelling those in flight at its {@code giveUp()}. */
    public BatchResult copy(List<CopyItem> items, Deadline deadline) {
        return copy(items, deadline, () -> true);
    }

    /** The same, and starting no copy once {@code runGoesOn} says the run has ended (stopped, timed out): the rest are pending. */
    public BatchResult copy(List<CopyItem> items, Deadline deadline, BooleanSupplier runGoesOn) {
        ExecutorService streams = source.sameStoreAs(mirror) ? null : Executors.newFixedThreadPool(parallelism);
        try {
            return copy(items, deadline, runGoesOn, streams);
        } finally {
            if (streams != null) {
                streams.shutdownNow(); // interrupts the streamed copies given up at the deadline: they abort their uploads
                awaitWindDown(streams);
            }
        }
    }

    /** Gives the interrupted streamed copies a moment to send their aborts while the function still runs. */
    private static void awaitWindDown(ExecutorService streams) {
        try {
            streams.awaitTermination(WIND_DOWN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BatchResult copy(List<CopyItem> items, Deadline deadline, BooleanSupplier runGoesOn, ExecutorService streams) {
        Map<String, Long> requestsBefore = requests.snapshot();
        Semaphore slots = new Semaphore(parallelism);
        Outcomes outcomes = new Outcomes();
        Map<CopyItem, CompletableFuture<?>> started = new LinkedHashMap<>();
        List<CompletableFuture<?>> recorded = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            boolean starting = acquireBefore(slots, deadline.stopStarting());
            if (starting && !runGoesOn.getAsBoolean()) {
                slots.release();
                starting = false;
            }
            if (!starting) {
                items.subList(i, items.size()).forEach(late -> pending.add(late.key()));
                break;
            }
            CopyItem item = items.get(i);
            CompletableFuture<?> copy = streams == null ? start(item) : stream(item, streams);
            started.put(item, copy);
            recorded.add(copy.whenComplete((response, failure) -> {
                slots.release();
                outcomes.record(item, failure);
            }));
        }
        if (!awaitUntil(recorded, deadline.giveUp())) {
            // cancelled copies store nothing (a CopyObject is atomic, an unfinished upload is aborted: a streamed copy's thread
            // is interrupted as the batch ends): the next run copies them
            started.forEach((item, copy) -> {
                if (copy.cancel(true)) {
                    pending.add(item.key());
                }
            });
        }
        return new BatchResult(outcomes.copied.get(), outcomes.bytes.get(), sorted(outcomes.denied),
                outcomes.failed(), sorted(pending), requests.since(requestsBefore));
    }

    /** What the copies of a batch came to, as they complete. */
    private static final class Outcomes {
        final AtomicLong copied = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final List<String> denied = Collections.synchronizedList(new ArrayList<>());
        final List<FailedCopy> failed = Collections.synchronizedList(new ArrayList<>());

        List<FailedCopy> failed() {
            synchronized (failed) {
                return failed.stream().sorted(Comparator.comparing(FailedCopy::key)).toList();
            }
        }

        void record(CopyItem item, Throwable failure) {
            if (failure == null) {
                copied.incrementAndGet();
                bytes.addAndGet(item.size());
            } else if (failure instanceof CancellationException) {
                return; // given up at the deadline: counted as pending
            } else if (isAccessDenied(failure)) {
                denied.add(item.key());
            } else {
                failed.add(new FailedCopy(item.key(), describe(failure)));
            }
        }
    }

    private boolean acquireBefore(Semaphore slots, Instant deadline) {
        try {
            if (deadline.equals(Instant.MAX)) {
                slots.acquire();
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
            return slots.tryAcquire(Math.max(0, Duration.between(clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether every copy ended before {@code deadline}. */
    private boolean awaitUntil(Collection<CompletableFuture<?>> copies, Instant deadline) {
        CompletableFuture<Void> all = CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).exceptionally(failure -> null);
        try {
            if (deadline.equals(Instant.MAX)) {
                all.get();
            } else {
                all.get(Math.max(0, Duration.between(clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true; // failures are recorded per copy
        }
    }

    private CompletableFuture<?> start(CopyItem item) {
        boolean inParts = item.size() > singlePartLimit;
        CopyObjectRequest.Builder request = CopyObjectRequest.builder()
                .sourceBucket(source.bucket()).sourceKey(source.prefix() + item.key())
                .destinationBucket(mirror.bucket()).destinationKey(mirror.prefix() + item.key());
        if (!inParts) {
            request.overrideConfiguration(copy -> copy.apiCallAttemptTimeout(S3Clients.singleCopyTimeout(item.size())));
        }
        try {
            return (inParts ? multipart : singlePart).copyObject(request.build());
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** A copy across endpoints, on a thread of {@code streams}. */
    private CompletableFuture<?> stream(CopyItem item, ExecutorService streams) {
        return CompletableFuture.runAsync(() -> {
            try {
                streamed.copy(item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("given up at the deadline");
            }
        }, streams);
    }

    private static boolean isAccessDenied(Throwable failure) {
        return unwrap(failure) instanceof AwsServiceException service
                && (service.statusCode() == 403 || "AccessDenied".equals(errorCode(service)));
    }

    private static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof SourceChanged changed) {
            return changed.getMessage();
        }
        if (cause instanceof AwsServiceException service && errorCode(service) != null) {
            return errorCode(service) + " (HTTP " + service.statusCode() + ")";
        }
        return Messages.firstLine(cause, "the store gave no reason");
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
        synchronized (keys) {
            return keys.stream().sorted().toList();
        }
    }
}

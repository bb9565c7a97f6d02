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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.RequestCounts;

/**
 * Copies a batch of objects from the source into the mirror, each the way the two stores allow ({@link
 * ObjectStore#transferFrom}: server-side within one store, else streamed through this process). At most
 * {@code parallelism} copies run at once; throttling is retried by the stores' clients, a refusal
 * ({@link CopyDenied}) is recorded as denied and the batch carries on, any other failure is recorded as
 * failed, and what a {@link Deadline} leaves undone, or a run that ended (stopped, timed out) did not
 * start, is pending. Each copy that completes is reported to a {@link CopyProgress} at once, so a run's
 * progress moves object by object.
 */
public final class BatchCopier {

    private final ObjectStore source;
    private final ObjectStore mirror;
    private final RequestCounts requests;
    private final int parallelism;
    private final Clock clock;

    /**
     * @param requests the counter the stores report their requests to
     * @param clock what deadlines are measured with
     */
    public BatchCopier(ObjectStore source, ObjectStore mirror, RequestCounts requests, int parallelism, Clock clock) {
        this.source = source;
        this.mirror = mirror;
        this.requests = requests;
        this.parallelism = parallelism;
        this.clock = clock;
    }

    /**
     * Copies {@code items}, starting no copy after {@code deadline.stopStarting()} nor once {@code
     * runGoesOn} says the run has ended (stopped, timed out), and cancelling those in flight at {@code
     * deadline.giveUp()}.
     */
    public BatchResult copy(List<CopyItem> items, Deadline deadline, BooleanSupplier runGoesOn, CopyProgress progress) {
        Map<String, Long> requestsBefore = requests.snapshot();
        Semaphore slots = new Semaphore(parallelism);
        Outcomes outcomes = new Outcomes(progress);
        Map<CopyItem, CompletableFuture<?>> started = new LinkedHashMap<>();
        List<CompletableFuture<?>> recorded = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        try (Transfer transfer = mirror.transferFrom(source, parallelism)) {
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
                CompletableFuture<Void> copy = transfer.copy(item);
                started.put(item, copy);
                recorded.add(copy.whenComplete((done, failure) -> {
                    slots.release();
                    outcomes.record(item, failure);
                }));
            }
            if (!awaitUntil(recorded, deadline.giveUp())) {
                // a cancelled copy stores nothing (a CopyObject is atomic, an unfinished write is removed): the next run copies it
                started.forEach((item, copy) -> {
                    if (copy.cancel(true)) {
                        pending.add(item.key());
                    }
                });
            }
        }
        return new BatchResult(outcomes.copied.get(), outcomes.bytes.get(), sorted(outcomes.denied),
                outcomes.failed(), sorted(pending), requests.since(requestsBefore));
    }

    /** What the copies of a batch came to, as they complete. */
    private static final class Outcomes {
        final CopyProgress progress;
        final AtomicLong copied = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final List<String> denied = Collections.synchronizedList(new ArrayList<>());
        final List<FailedCopy> failed = Collections.synchronizedList(new ArrayList<>());

        Outcomes(CopyProgress progress) {
            this.progress = progress;
        }

        List<FailedCopy> failed() {
            synchronized (failed) {
                return failed.stream().sorted(Comparator.comparing(FailedCopy::key)).toList();
            }
        }

        void record(CopyItem item, Throwable failure) {
            if (failure == null) {
                copied.incrementAndGet();
                bytes.addAndGet(item.size());
                progress.copied(item);
            } else if (failure instanceof CancellationException) {
                return; // given up at the deadline: counted as pending
            } else if (unwrap(failure) instanceof CopyDenied) {
                denied.add(item.key());
            } else {
                failed.add(new FailedCopy(item.key(), Messages.firstLine(unwrap(failure), "the store gave no reason")));
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
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

    private static List<String> sorted(List<String> keys) {
        synchronized (keys) {
            return keys.stream().sorted().toList();
        }
    }
}

package org.laionfmri.mirror.copy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The threads a {@link Transfer} that passes bytes through this process runs its copies on, at most
 * {@code parallelism} at once. Cancelling a copy's future interrupts the copy, as closing interrupts
 * those still running: an interrupted copy gives up, removing what it wrote, and ends cancelled.
 */
public final class CopyThreads implements AutoCloseable {

    private final ExecutorService threads;
    private final Duration windDown;

    /**
     * @param name the threads' name
     * @param windDown how long closing waits for the interrupted copies to remove what they wrote
     */
    public CopyThreads(String name, int parallelism, Duration windDown) {
        this.windDown = windDown;
        this.threads = Executors.newFixedThreadPool(parallelism, work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One object's copy: it gives up when interrupted. */
    @FunctionalInterface
    public interface Copy {
        void run() throws InterruptedException;
    }

    /** Starts {@code copy} on a thread of its own; a failure ends the future as {@code named} says it (what a batch records). */
    public CompletableFuture<Void> start(Copy copy, UnaryOperator<Throwable> named) {
        CompletableFuture<Void> copied = new CompletableFuture<>();
        Future<?> running = threads.submit(() -> {
            try {
                copy.run();
                copied.complete(null);
            } catch (InterruptedException e) {
                copied.completeExceptionally(new CancellationException("given up"));
            } catch (RuntimeException | Error failure) {
                copied.completeExceptionally(Thread.currentThread().isInterrupted() ? new CancellationException("given up") : named.apply(failure));
            }
        });
        copied.whenComplete((done, failure) -> {
            if (failure instanceof CancellationException) {
                running.cancel(true); // interrupts the copy: it removes what it wrote
            }
        });
        return copied;
    }

    /** Interrupts the copies still running, and gives them {@code windDown} to remove what they wrote. */
    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(windDown.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

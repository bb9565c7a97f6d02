package org.laionfmri.mirror.copy;

import java.util.concurrent.CompletableFuture;

/**
 * How one store's objects are copied into another ({@link org.laionfmri.mirror.storage.ObjectStore#transferFrom}):
 * each copy is whole or nothing, and completes exceptionally with {@link CopyDenied} when the store's
 * policy refuses it, {@link org.laionfmri.mirror.storage.SourceChanged} when the source is no longer as
 * planned, or another failure whose message says what went wrong in one line. Cancelling a copy gives
 * it up, leaving nothing behind.
 */
public interface Transfer extends AutoCloseable {

    /** Starts copying {@code item}. */
    CompletableFuture<Void> copy(CopyItem item);

    /** Gives up the copies still running (their partial objects removed) and releases what the transfer holds. */
    @Override
    void close();
}

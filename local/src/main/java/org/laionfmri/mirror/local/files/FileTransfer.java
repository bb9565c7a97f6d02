package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.Transfer;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.Ranges;
import org.laionfmri.mirror.storage.SourceObject;

/**
 * Objects copied into a directory store, each on a thread of a pool of {@code parallelism}: from
 * another directory by the kernel (no byte passes through this process), from any other store (S3)
 * streamed direct to disk, a range that breaks off read again ({@link Ranges}). Each copy is whole or
 * nothing ({@link ObjectWrite}); cancelled, or still running when the transfer closes, it is
 * interrupted and its temporary file removed. The folders the copies changed are made durable once
 * each when the transfer closes ({@link ChangedFolders}).
 */
final class FileTransfer implements Transfer {

    /** How long closing waits for interrupted copies to remove their temporary files. */
    private static final long WIND_DOWN_SECONDS = 30;

    private final FileObjectStore mirror;
    private final ObjectStore source;
    private final ExecutorService copies;
    private final ChangedFolders changed = new ChangedFolders();

    FileTransfer(FileObjectStore mirror, ObjectStore source, int parallelism) {
        this.mirror = mirror;
        this.source = source;
        this.copies = Executors.newFixedThreadPool(parallelism, work -> {
            Thread thread = new Thread(work, "file-copy");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletableFuture<Void> copy(CopyItem item) {
        CompletableFuture<Void> copy = new CompletableFuture<>();
        Future<?> running = copies.submit(() -> {
            try {
                copyNow(item);
                copy.complete(null);
            } catch (InterruptedException e) {
                copy.completeExceptionally(new CancellationException("given up"));
            } catch (RuntimeException | Error failure) {
                copy.completeExceptionally(Thread.currentThread().isInterrupted() ? new CancellationException("given up") : failure);
            }
        });
        copy.whenComplete((done, failure) -> {
            if (failure instanceof CancellationException) {
                running.cancel(true); // interrupts the copy: it removes its temporary file
            }
        });
        return copy;
    }

    private void copyNow(CopyItem item) throws InterruptedException {
        try (ObjectWrite write = mirror.startWrite(item.key(), Map.of(), changed)) {
            if (source instanceof FileObjectStore directory) {
                try (FileSourceObject object = directory.openFile(item.key(), item.size())) {
                    object.copyTo(write.channel());
                }
            } else {
                try (SourceObject object = source.openSource(item.key(), item.size())) {
                    Ranges.transfer(object, 0, item.size(), new Disk(write.channel(), item.key()));
                }
            }
            write.commit();
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException("given up");
        } catch (IOException e) {
            throw DiskFailures.writing(e, item.key(), mirror.root());
        }
    }

    /** Bytes written straight into a temporary file; a failure of the disk said for people. */
    private final class Disk extends OutputStream {

        private final FileChannel file;
        private final String key;

        Disk(FileChannel file, String key) {
            this.file = file;
            this.key = key;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            try {
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
            } catch (ClosedByInterruptException given) {
                throw given;
            } catch (IOException e) {
                throw DiskFailures.writing(e, key, mirror.root());
            }
        }
    }

    /** Interrupts the copies still running (each removes its temporary file), then makes the changed folders durable. */
    @Override
    public void close() {
        copies.shutdownNow();
        try {
            copies.awaitTermination(WIND_DOWN_SECONDS, TimeUnit.SECONDS);
            changed.sync(mirror.tree());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw DiskFailures.writing(e, "the copied objects", mirror.root());
        }
    }
}

package org.laionfmri.mirror.storage.s3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.CopyThreads;
import org.laionfmri.mirror.copy.Transfer;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.Ranges;
import org.laionfmri.mirror.storage.SourceObject;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Objects copied from another store (another endpoint, a directory) into S3 through this process, each
 * on a thread of its own, in pieces held in memory so that any request can be sent again: an object up
 * to a part is read whole and written with one PutObject; a larger one goes through a multipart upload
 * driven part by part, completed once every part is stored and aborted on any failure, so no partial
 * object is ever stored. The client retries each request up to its answer; a source stream that breaks
 * off is read again where it stopped ({@link Ranges}). Memory: one part per copy in flight.
 */
final class StreamedCopy implements Transfer {

    /** The smallest part; S3 takes at most 10,000, so parts grow for objects above about 80 GiB. */
    static final long MIN_PART_SIZE = 8L << 20;
    private static final long MAX_PARTS = 10_000;
    /** How long closing gives interrupted copies to send their aborts. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(5);

    private final ObjectStore source;
    private final S3AsyncClient writer;
    private final BucketLocation mirror;
    private final long minPartSize;
    private final CopyThreads copies;

    /**
     * @param writer a plain client of the mirror (the SDK's multipart client sends headers some stores refuse)
     * @param minPartSize {@link #MIN_PART_SIZE}, or less in a test
     */
    StreamedCopy(ObjectStore source, S3AsyncClient writer, BucketLocation mirror, int parallelism, long minPartSize) {
        this.source = source;
        this.writer = writer;
        this.mirror = mirror;
        this.minPartSize = minPartSize;
        this.copies = new CopyThreads("streamed-copy", parallelism, WIND_DOWN);
    }

    @Override
    public CompletableFuture<Void> copy(CopyItem item) {
        return copies.start(() -> {
            try (SourceObject object = source.openSource(item.key(), item.size())) {
                copy(item, object); // interrupted, it aborts its upload
            }
        }, S3Failures::name);
    }

    private void copy(CopyItem item, SourceObject object) throws InterruptedException {
        long partSize = Math.max(minPartSize, (item.size() + MAX_PARTS - 1) / MAX_PARTS);
        if (item.size() <= partSize) {
            byte[] body = Ranges.read(object, 0, Math.toIntExact(item.size()));
            await(writer.putObject(put -> put.bucket(mirror.bucket()).key(mirrorKey(item)), AsyncRequestBody.fromBytesUnsafe(body)));
        } else {
            copyInParts(item, object, partSize);
        }
    }

    private void copyInParts(CopyItem item, SourceObject object, long partSize) throws InterruptedException {
        // CRC32 as the SDK's own uploads use: S3 refuses part checksums an upload was not created for
        String uploadId = await(writer.createMultipartUpload(create -> create.bucket(mirror.bucket()).key(mirrorKey(item))
                .checksumAlgorithm(ChecksumAlgorithm.CRC32))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < item.size(); offset += partSize) {
                int number = parts.size() + 1;
                byte[] piece = Ranges.read(object, offset, Math.toIntExact(Math.min(partSize, item.size() - offset)));
                UploadPartResponse stored = await(writer.uploadPart(part -> part.bucket(mirror.bucket()).key(mirrorKey(item))
                                .uploadId(uploadId).partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        AsyncRequestBody.fromBytesUnsafe(piece)));
                parts.add(CompletedPart.builder().partNumber(number).eTag(stored.eTag()).checksumCRC32(stored.checksumCRC32()).build());
            }
            complete(item, uploadId, parts);
        } catch (RuntimeException | InterruptedException failure) {
            abort(item, uploadId);
            throw failure;
        }
    }

    private void complete(CopyItem item, String uploadId, List<CompletedPart> parts) throws InterruptedException {
        try {
            await(writer.completeMultipartUpload(complete -> complete.bucket(mirror.bucket()).key(mirrorKey(item)).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts))));
        } catch (NoSuchUploadException gone) {
            // a retry after an attempt that completed the upload but lost its answer finds the upload gone and the object
            // there: at the planned size it is this copy's (the plan copies no object the mirror holds at that size)
            if (!mirrorHolds(item)) {
                throw gone;
            }
        }
    }

    private boolean mirrorHolds(CopyItem item) throws InterruptedException {
        try {
            return await(writer.headObject(head -> head.bucket(mirror.bucket()).key(mirrorKey(item)))).contentLength() == item.size();
        } catch (S3Exception missing) {
            return false;
        }
    }

    /** Best effort: an upload that stays behind stores no object (and a bucket's lifecycle rule can remove it). */
    private void abort(CopyItem item, String uploadId) {
        writer.abortMultipartUpload(abort -> abort.bucket(mirror.bucket()).key(mirrorKey(item)).uploadId(uploadId))
                .exceptionally(failure -> null).join();
    }

    private String mirrorKey(CopyItem item) {
        return mirror.prefix() + item.key();
    }

    /** Waits for an SDK call, cancelling it when interrupted; its failure is thrown as it is. */
    private static <T> T await(CompletableFuture<T> call) throws InterruptedException {
        try {
            return call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new CompletionException(e.getCause());
        }
    }

    /** Interrupts the copies still running (they abort their uploads) and gives them a moment to send the aborts. */
    @Override
    public void close() {
        copies.close();
    }
}

package org.laionfmri.mirror.copy;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.S3Clients;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object copied from a source on one store into a mirror on another through this process, in
 * pieces held in memory so that any request can be sent again: an object up to a part is read whole
 * and written with one PutObject; a larger one goes through a multipart upload driven part by part (a
 * ranged GET, then UploadPart), completed once every part is stored and aborted on any failure, so no
 * partial object is ever stored. The clients retry each request up to its answer; a body that breaks
 * off after that is read again here, that part only, with the clients' attempts and backoff. Only a
 * source whose size is not the planned one is {@link SourceChanged}; the parts after the first are
 * read only while the source keeps the first one's ETag. Memory: one part per copy in flight.
 */
public final class StreamedCopy {

    /** The smallest part; S3 takes at most 10,000, so parts grow for objects above about 80 GiB. */
    public static final long MIN_PART_SIZE = 8L << 20;
    private static final long MAX_PARTS = 10_000;

    private final S3AsyncClient sourceReader;
    private final S3AsyncClient mirrorWriter;
    private final BucketLocation source;
    private final BucketLocation mirror;
    private final long minPartSize;

    /**
     * @param sourceReader a stream reader of the source ({@link S3Clients#createStreamReader})
     * @param mirrorWriter a plain client of the mirror (the SDK's multipart client sends headers some stores refuse)
     * @param minPartSize {@link #MIN_PART_SIZE}, or less in a test (S3 takes no part below 5 MiB but the last)
     */
    public StreamedCopy(S3AsyncClient sourceReader, S3AsyncClient mirrorWriter, BucketLocation source, BucketLocation mirror,
            long minPartSize) {
        this.sourceReader = sourceReader;
        this.mirrorWriter = mirrorWriter;
        this.source = source;
        this.mirror = mirror;
        this.minPartSize = minPartSize;
    }

    /** Copies {@code item}, blocking; interrupted, it gives up, aborting an unfinished upload. */
    void copy(CopyItem item) throws InterruptedException {
        long partSize = Math.max(minPartSize, (item.size() + MAX_PARTS - 1) / MAX_PARTS);
        if (item.size() <= partSize) {
            byte[] body = read(item, 0, item.size(), null).bytes();
            await(mirrorWriter.putObject(put -> put.bucket(mirror.bucket()).key(mirrorKey(item)), AsyncRequestBody.fromBytesUnsafe(body)));
        } else {
            copyInParts(item, partSize);
        }
    }

    private void copyInParts(CopyItem item, long partSize) throws InterruptedException {
        // CRC32 as the SDK's own uploads use: S3 refuses part checksums an upload was not created for
        String uploadId = await(mirrorWriter.createMultipartUpload(create -> create.bucket(mirror.bucket()).key(mirrorKey(item))
                .checksumAlgorithm(ChecksumAlgorithm.CRC32))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            String eTag = null;
            for (long offset = 0; offset < item.size(); offset += partSize) {
                int number = parts.size() + 1;
                Piece piece = read(item, offset, Math.min(partSize, item.size() - offset), eTag);
                eTag = piece.eTag();
                UploadPartResponse stored = await(mirrorWriter.uploadPart(part -> part.bucket(mirror.bucket()).key(mirrorKey(item))
                                .uploadId(uploadId).partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        AsyncRequestBody.fromBytesUnsafe(piece.bytes())));
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
            await(mirrorWriter.completeMultipartUpload(complete -> complete.bucket(mirror.bucket()).key(mirrorKey(item)).uploadId(uploadId)
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
            return await(mirrorWriter.headObject(head -> head.bucket(mirror.bucket()).key(mirrorKey(item)))).contentLength() == item.size();
        } catch (S3Exception missing) {
            return false;
        }
    }

    /** Best effort: an upload that stays behind stores no object (and a bucket's lifecycle rule can remove it). */
    private void abort(CopyItem item, String uploadId) {
        mirrorWriter.abortMultipartUpload(abort -> abort.bucket(mirror.bucket()).key(mirrorKey(item)).uploadId(uploadId))
                .exceptionally(failure -> null).join();
    }

    /** Bytes of the source object, with its ETag. */
    private record Piece(byte[] bytes, String eTag) {}

    /**
     * Bytes {@code [offset, offset + length)} of the source object (the whole object with no Range), as
     * long as its ETag is still {@code eTag} when given; a body that breaks off is read again.
     */
    private Piece read(CopyItem item, long offset, long length, String eTag) throws InterruptedException {
        GetObjectRequest request = GetObjectRequest.builder().bucket(source.bucket()).key(source.prefix() + item.key()).ifMatch(eTag)
                .range(length == item.size() ? null : "bytes=" + offset + "-" + (offset + length - 1)).build();
        IOException broken = null;
        for (int attempt = 1; attempt <= S3Clients.MAX_ATTEMPTS; attempt++) {
            if (broken != null) {
                Thread.sleep(S3Clients.BACKOFF.computeDelay(attempt - 1).toMillis());
            }
            try (ResponseInputStream<GetObjectResponse> body = await(sourceReader.getObject(request,
                    AsyncResponseTransformer.toBlockingInputStream()))) {
                checkSize(item, body.response(), length);
                byte[] bytes = body.readNBytes(Math.toIntExact(length));
                if (bytes.length == length) {
                    return new Piece(bytes, body.response().eTag());
                }
                broken = new EOFException("the body of " + item.key() + " ended after " + bytes.length + " of " + length + " bytes");
            } catch (IOException e) {
                broken = e;
            }
        }
        throw new UncheckedIOException(broken);
    }

    /** The object's total size (Content-Range's, or Content-Length's for the whole object) must be the planned one. */
    private static void checkSize(CopyItem item, GetObjectResponse response, long length) {
        String range = response.contentRange();
        long total = range == null ? response.contentLength() : Long.parseLong(range.substring(range.lastIndexOf('/') + 1));
        if (total != item.size()) {
            throw new SourceChanged(item.size(), total);
        }
        if (response.contentLength() != length) {
            throw new IllegalStateException("the source answered a range of " + length + " bytes with " + response.contentLength());
        }
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
}

package org.laionfmri.mirror.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.laionfmri.mirror.storage.NoSuchObject;
import org.laionfmri.mirror.storage.SourceChanged;
import org.laionfmri.mirror.storage.SourceObject;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3 object read for a copy into another store, range by range with ranged GETs: the first range
 * learns its ETag, and every later one is read only while the object keeps it (If-Match), so the
 * ranges are of one object. Its total size (Content-Range's) must be the planned one.
 */
final class S3SourceObject implements SourceObject {

    private final S3AsyncClient reader;
    private final BucketLocation location;
    private final String key;
    private final long size;
    private volatile String eTag;

    S3SourceObject(S3AsyncClient reader, BucketLocation location, String key, long size) {
        this.reader = reader;
        this.location = location;
        this.key = key;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream range(long offset, long length) throws IOException {
        GetObjectRequest request = GetObjectRequest.builder().bucket(location.bucket()).key(location.prefix() + key).ifMatch(eTag)
                .range(offset == 0 && length == size ? null : "bytes=" + offset + "-" + (offset + length - 1)).build();
        CompletableFuture<ResponseInputStream<GetObjectResponse>> call = reader.getObject(request, AsyncResponseTransformer.toBlockingInputStream());
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + key);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                throw new NoSuchObject("There is no " + location.prefix() + key + " in " + location + " any more.");
            }
            if (e.getCause() instanceof S3Exception precondition && precondition.statusCode() == 412) {
                throw new SourceChanged("it changed while it was copied");
            }
            if (S3Failures.name(e.getCause()) instanceof RuntimeException failure) {
                throw failure; // a refusal as CopyDenied, as a copy into S3 records it
            }
            throw new IOException(e.getCause());
        }
        try {
            checkSize(body.response(), length);
        } catch (RuntimeException wrong) {
            body.abort();
            throw wrong;
        }
        eTag = body.response().eTag();
        return body;
    }

    /** The object's total size (Content-Range's, or Content-Length's for the whole object) must be the planned one. */
    private void checkSize(GetObjectResponse response, long length) {
        String range = response.contentRange();
        long total = range == null ? response.contentLength() : Long.parseLong(range.substring(range.lastIndexOf('/') + 1));
        if (total != size) {
            throw new SourceChanged(size, total);
        }
        if (response.contentLength() != length) {
            throw new IllegalStateException("the source answered a range of " + length + " bytes with " + response.contentLength());
        }
    }

    @Override
    public void close() {
        // each range's stream is closed by its reader
    }
}

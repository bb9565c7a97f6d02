package org.laionfmri.mirror.storage.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.laionfmri.mirror.error.MirrorAccessDenied;
import org.laionfmri.mirror.storage.ObjectUpload;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.BlockingOutputStreamAsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.CancellableOutputStream;

/**
 * An object of unknown length written as a stream: the SDK's multipart client uploads it part by part
 * as it is written (one part in memory), and the object appears only on {@link #commit()}. {@link
 * #abort()}, or closing without a commit, aborts the upload: nothing is left where the object would be,
 * and an object already there is untouched.
 */
final class StreamingUpload implements ObjectUpload {

    private final CancellableOutputStream stream;
    private final CompletableFuture<PutObjectResponse> response;
    private final String where;
    private boolean finished;

    private StreamingUpload(CancellableOutputStream stream, CompletableFuture<PutObjectResponse> response, String where) {
        this.stream = stream;
        this.response = response;
        this.where = where;
    }

    /** Starts the upload; {@code s3} must have multipart enabled, so a stream of any length fits. */
    static StreamingUpload start(S3AsyncClient s3, String bucket, String key, Map<String, String> metadata) {
        BlockingOutputStreamAsyncRequestBody body = AsyncRequestBody.forBlockingOutputStream(null);
        CompletableFuture<PutObjectResponse> response = s3.putObject(put -> put.bucket(bucket).key(key).metadata(metadata), body);
        return new StreamingUpload(body.outputStream(), response, "s3://" + bucket + "/" + key);
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public void commit() {
        try {
            stream.close();
            response.join();
            finished = true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof S3Exception refused && refused.statusCode() == 403) {
                String code = refused.awsErrorDetails() == null ? "HTTP 403" : refused.awsErrorDetails().errorCode() + ", HTTP 403";
                throw new MirrorAccessDenied("the upload of " + where + " was refused (" + code
                        + "): check the step's role, the bucket policy and the KMS key policy.");
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void abort() {
        finished = true;
        stream.cancel();
        response.exceptionally(failure -> null).join();
    }

    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }
}

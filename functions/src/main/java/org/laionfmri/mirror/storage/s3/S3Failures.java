package org.laionfmri.mirror.storage.s3;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.laionfmri.mirror.copy.CopyDenied;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * S3's failures of a copy as the copy batch records them: AccessDenied as {@link CopyDenied}, any
 * other answer as its error code and HTTP status in one line; the rest as they are.
 */
final class S3Failures {

    private S3Failures() {}

    /** {@code copy}, failing with the named failure of S3's answer. */
    static <T> CompletableFuture<T> named(CompletableFuture<T> copy) {
        CompletableFuture<T> named = new CompletableFuture<>();
        copy.whenComplete((result, failure) -> {
            if (failure == null) {
                named.complete(result);
            } else {
                named.completeExceptionally(name(failure));
            }
        });
        named.whenComplete((result, failure) -> {
            if (failure instanceof CancellationException) {
                copy.cancel(true); // giving up the named copy gives up S3's
            }
        });
        return named;
    }

    /** The failure behind {@code failure} (the SDK wraps S3's answer), named. */
    static Throwable name(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof AwsServiceException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (!(cause instanceof AwsServiceException service)) {
            return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        }
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        String said = (code == null ? "HTTP " : code + " (HTTP ") + service.statusCode() + (code == null ? "" : ")");
        if (service.statusCode() == 403 || "AccessDenied".equals(code)) {
            return new CopyDenied(said, service);
        }
        return new S3CopyFailed(said, service);
    }

    /** A copy S3 answered with an error other than a refusal. */
    static final class S3CopyFailed extends RuntimeException {
        S3CopyFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package org.laionfmri.mirror.storage.s3;

import io.netty.handler.timeout.TimeoutException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * A retry strategy with a short leash for an endpoint that does not answer: attempts that end without
 * an answer (the connection refused or not opened in time, the store silent until the read or attempt
 * timeout) are made at most {@code unansweredAttempts} times, so a dead endpoint fails after a timeout
 * or two rather than eight; throttling, resets and every error the store answers keep the delegate's
 * attempts and backoff.
 */
final class FailFastRetries implements RetryStrategy {

    private final RetryStrategy delegate;
    private final int unansweredAttempts;

    FailFastRetries(RetryStrategy delegate, int unansweredAttempts) {
        this.delegate = delegate;
        this.unansweredAttempts = unansweredAttempts;
    }

    /** The delegate's token, and how many attempts so far got no answer. */
    private record Token(RetryToken delegate, int unanswered) implements RetryToken {}

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        AcquireInitialTokenResponse acquired = delegate.acquireInitialToken(request);
        return AcquireInitialTokenResponse.create(new Token(acquired.token(), 0), acquired.delay());
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        Token token = (Token) request.token();
        int unanswered = token.unanswered() + (isUnanswered(request.failure()) ? 1 : 0);
        if (unanswered >= unansweredAttempts) {
            throw new TokenAcquisitionFailedException("no answer in " + unanswered + " attempts", token, request.failure());
        }
        RefreshRetryTokenResponse refreshed = delegate.refreshRetryToken(request.toBuilder().token(token.delegate()).build());
        return RefreshRetryTokenResponse.create(new Token(refreshed.token(), unanswered), refreshed.delay());
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        Token token = (Token) request.token();
        RecordSuccessResponse recorded = delegate.recordSuccess(RecordSuccessRequest.create(token.delegate()));
        return RecordSuccessResponse.create(new Token(recorded.token(), token.unanswered()));
    }

    @Override
    public int maxAttempts() {
        return delegate.maxAttempts();
    }

    /** The SDK rebuilds only its own default strategies; this one is built whole by {@link S3Clients}. */
    @Override
    public Builder<?, ?> toBuilder() {
        throw new UnsupportedOperationException("FailFastRetries is built by S3Clients, not from a builder");
    }

    /** Refused or not connected in time (ConnectException), or silent until a timeout (socket, Netty, attempt). */
    private static boolean isUnanswered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof InterruptedIOException
                    || cause instanceof TimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
        }
        return false;
    }
}

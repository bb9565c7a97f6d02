package org.laionfmri.mirror.storage;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place S3 clients are built, so every caller reaches a location the same way: its region,
 * endpoint and credentials, requests counted, and throttling (503 SlowDown) retried with jittered
 * exponential backoff.
 */
public final class S3Clients {

    private static final int MAX_ATTEMPTS = 8;

    private S3Clients() {}

    /** A client for {@code location} whose requests are counted by {@code counter}. */
    public static S3Client create(BucketLocation location, RequestCounter counter) {
        return create(location, counter, List.of());
    }

    /** The same, with {@code interceptors} also seeing every request (e.g. a test recording them). */
    public static S3Client create(BucketLocation location, RequestCounter counter, List<ExecutionInterceptor> interceptors) {
        return configure(S3Client.builder(), location, counter, interceptors).build();
    }

    /**
     * An async client whose uploads and copies above {@code partSize} go in parts of that size (the
     * SDK's multipart support): the way to stream objects of unknown length and to copy objects above
     * the single-part limit.
     */
    public static S3AsyncClient createMultipart(BucketLocation location, RequestCounter counter, long partSize) {
        return createMultipart(location, counter, partSize, List.of());
    }

    /** The same, with {@code interceptors} also seeing every request, each part as S3 receives it. */
    public static S3AsyncClient createMultipart(BucketLocation location, RequestCounter counter, long partSize,
            List<ExecutionInterceptor> interceptors) {
        return configure(S3AsyncClient.builder(), location, counter, interceptors)
                .multipartEnabled(true)
                .multipartConfiguration(multipart -> multipart.thresholdInBytes(partSize).minimumPartSizeInBytes(partSize))
                .build();
    }

    /** An async client that sends each request as it is (a copy is one CopyObject, with no size lookup). */
    public static S3AsyncClient createAsync(BucketLocation location, RequestCounter counter) {
        return createAsync(location, counter, List.of());
    }

    /** The same, with {@code interceptors} also seeing every request. */
    public static S3AsyncClient createAsync(BucketLocation location, RequestCounter counter, List<ExecutionInterceptor> interceptors) {
        return configure(S3AsyncClient.builder(), location, counter, interceptors).build();
    }

    private static <B extends S3BaseClientBuilder<B, ?>> B configure(B builder, BucketLocation location, RequestCounter counter,
            List<ExecutionInterceptor> interceptors) {
        builder.region(location.region())
                .credentialsProvider(location.anonymous()
                        ? AnonymousCredentialsProvider.create()
                        : DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(config -> {
                    config.addExecutionInterceptor(counter).retryStrategy(retries());
                    interceptors.forEach(config::addExecutionInterceptor);
                });
        if (location.endpoint() != null) {
            builder.endpointOverride(location.endpoint()).forcePathStyle(true);
        } else {
            builder.crossRegionAccessEnabled(true);
        }
        return builder;
    }

    /**
     * The standard strategy, with room for S3's request-rate throttling: more attempts, a longer
     * backoff for throttling, and no circuit breaker (its token bucket would stop retrying a busy
     * batch after about fifty throttled calls).
     */
    private static RetryStrategy retries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .circuitBreakerEnabled(false)
                .build();
    }
}

package org.laionfmri.mirror.storage.s3;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLStreamException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place S3 clients are built, so every caller reaches a location the same way: its region,
 * endpoint and credentials, requests counted, throttling (503 SlowDown) retried with jittered
 * exponential backoff, and a dead endpoint failing fast and plainly.
 *
 * <p>The numbers: a connection must open within 2 s, and a request may go 30 s without a byte
 * either way, but a single server-side copy gets a read and attempt timeout sized to its object (S3 may
 * stay silent while it copies: {@link #singleCopyTimeout}); on the plain client, which lists and sends small requests, an attempt must end within
 * 10 s, and on a stream reader the answer must start within 10 s. An attempt that gets no answer at
 * all is made twice at most: an endpoint that refuses fails at once, one that never answers within
 * about 20 s for listings, small requests and streamed reads (two attempt timeouts), and within about
 * 60 s for copies and uploads (two read timeouts). Errors the store answers, and resets, are retried
 * up to 8 attempts, backing off from 0.1 s to 5 s; throttling up to 8 attempts, from 0.5 s to 20 s.
 */
public final class S3Clients {

    /** Attempts at a request that fails in a way worth retrying; also how often a streamed copy reads a body that breaks off. */
    public static final int MAX_ATTEMPTS = 8;
    /** The backoff between those attempts (jittered), throttling apart. */
    public static final BackoffStrategy BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5));

    private static final int UNANSWERED_ATTEMPTS = 2;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final long SINGLE_COPY_FLOOR_BYTES_PER_SECOND = 10L << 20;
    private static final Duration SMALL_REQUEST_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The async clients' event loops, one group for the process, of daemon threads that are never shut
     * down: each client closing its own group (or the SDK's shared one, as the last client closes) waits
     * out Netty's 2 s quiet period, which every short command would pay on its way out. Made by the first
     * async client: a command that sends no S3 request (a local mirror's {@code runs}) loads no Netty.
     */
    private static SdkEventLoopGroup eventLoops;

    private S3Clients() {}

    /**
     * Ends the async clients' event loops, for a command line that has sent its last request: at exit the
     * JVM waits 0.3 s for any thread inside native code, as an idle event loop is (in epoll_wait). Not a
     * shutdown hook: hooks run at once, and an interrupted command's hook still sends requests.
     */
    public static synchronized void endEventLoops() {
        if (eventLoops != null) {
            eventLoops.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }

    private static synchronized SdkEventLoopGroup eventLoops() {
        if (eventLoops == null) {
            eventLoops = SdkEventLoopGroup.create(new NioEventLoopGroup(0, new DefaultThreadFactory("s3-event-loop", true)));
        }
        return eventLoops;
    }

    /** A client for {@code location} whose requests are counted by {@code counter}. */
    public static S3Client create(BucketLocation location, RequestCounter counter) {
        return create(location, counter, List.of());
    }

    /** The same, with {@code interceptors} also seeing every request (e.g. a test recording them). */
    public static S3Client create(BucketLocation location, RequestCounter counter, List<ExecutionInterceptor> interceptors) {
        return smallRequestAttempts(configure(S3Client.builder(), location, counter, interceptors))
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT))
                .build();
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
        return configureAsync(location, counter, interceptors)
                .multipartEnabled(true)
                .multipartConfiguration(multipart -> multipart.thresholdInBytes(partSize).minimumPartSizeInBytes(partSize))
                .build();
    }

    /**
     * An async client for single server-side copies (CopyObject) of objects up to {@code largestCopy} bytes: S3
     * may send nothing while it copies, so the read timeout is that of the largest ({@link #singleCopyTimeout});
     * each copy request bounds its own attempt with the timeout of its object's size.
     */
    public static S3AsyncClient createCopier(BucketLocation location, RequestCounter counter, List<ExecutionInterceptor> interceptors,
            long largestCopy) {
        Duration silence = singleCopyTimeout(largestCopy);
        return configure(S3AsyncClient.builder(), location, counter, interceptors)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(eventLoops())
                        .connectionTimeout(CONNECT_TIMEOUT).readTimeout(silence).writeTimeout(READ_TIMEOUT))
                .build();
    }

    /**
     * How long one CopyObject of {@code bytes} may take, answer included: the read timeout, and a second for each
     * 10 MiB (a copy slower than that has stalled; a few hundred MiB copy within a region in seconds).
     */
    public static Duration singleCopyTimeout(long bytes) {
        return READ_TIMEOUT.plusSeconds(bytes / SINGLE_COPY_FLOOR_BYTES_PER_SECOND);
    }

    /** An async client that sends each request as it is (a copy is one CopyObject, with no size lookup). */
    public static S3AsyncClient createAsync(BucketLocation location, RequestCounter counter) {
        return createAsync(location, counter, List.of());
    }

    /** The same, with {@code interceptors} also seeing every request. */
    public static S3AsyncClient createAsync(BucketLocation location, RequestCounter counter, List<ExecutionInterceptor> interceptors) {
        return configureAsync(location, counter, interceptors).build();
    }

    /**
     * An async client for objects read as streams ({@code AsyncResponseTransformer.toBlockingInputStream()}):
     * an attempt ends as the answer starts, so a GET must start answering within the small-request
     * timeout; its body then takes as long as it needs while bytes keep coming.
     */
    public static S3AsyncClient createStreamReader(BucketLocation location, RequestCounter counter, List<ExecutionInterceptor> interceptors) {
        return smallRequestAttempts(configureAsync(location, counter, interceptors)).build();
    }

    private static S3AsyncClientBuilder configureAsync(BucketLocation location, RequestCounter counter, List<ExecutionInterceptor> interceptors) {
        return configure(S3AsyncClient.builder(), location, counter, interceptors)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(eventLoops())
                        .connectionTimeout(CONNECT_TIMEOUT).readTimeout(READ_TIMEOUT).writeTimeout(READ_TIMEOUT));
    }

    private static <B extends S3BaseClientBuilder<B, ?>> B configure(B builder, BucketLocation location, RequestCounter counter,
            List<ExecutionInterceptor> interceptors) {
        builder.region(location.region())
                .credentialsProvider(credentials(location))
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
     * Who signs the requests to {@code location}: nobody for a bucket read unsigned; for an S3-compatible
     * endpoint, the keys the Java system properties, the environment or a profile give (the default one,
     * or AWS_PROFILE's): an instance or container role means nothing there, and asking the instance's
     * metadata service for one only costs seconds off AWS; for AWS, the SDK's whole default chain.
     */
    public static AwsCredentialsProvider credentials(BucketLocation location) {
        if (location.anonymous()) {
            return AnonymousCredentialsProvider.create();
        }
        if (location.endpoint() != null) {
            return AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create(),
                    ProfileCredentialsProvider.create());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Ends each attempt after the small-request timeout (an attempt of a streamed read ends as its answer starts). */
    private static <B extends S3BaseClientBuilder<B, ?>> B smallRequestAttempts(B builder) {
        return builder.overrideConfiguration(builder.overrideConfiguration().toBuilder().apiCallAttemptTimeout(SMALL_REQUEST_ATTEMPT_TIMEOUT).build());
    }

    /**
     * The standard strategy, with room for S3's request-rate throttling: more attempts, a longer
     * backoff for throttling, and no circuit breaker (its token bucket would stop retrying a busy
     * batch after about fifty throttled calls); an answer whose XML breaks off is retried as a reset is
     * (the SDK reads a chunked body cut short as one that ended); but few attempts at an endpoint that
     * does not answer.
     */
    private static RetryStrategy retries() {
        return new FailFastRetries(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .retryOnExceptionOrCauseInstanceOf(XMLStreamException.class)
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BACKOFF)
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .circuitBreakerEnabled(false)
                .build(), UNANSWERED_ATTEMPTS);
    }
}

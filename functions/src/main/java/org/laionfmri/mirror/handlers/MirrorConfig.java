package org.laionfmri.mirror.handlers;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.laionfmri.mirror.plan.BatchLimits;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.storage.BucketLocation;
import software.amazon.awssdk.regions.Region;

/**
 * How the functions reach the world: the source and the mirror, the state table (on an endpoint for a
 * local DynamoDB API, or in AWS), the access service, and the copy settings. Immutable; build with
 * {@link #builder()}, or change a copy with {@link #toBuilder()}.
 *
 * @param tableEndpoint a local DynamoDB API (dynalite, LocalStack), or null for DynamoDB in AWS
 * @param singlePartLimit objects above it are copied in parts (UploadPartCopy, in parallel), those up to it with one
 *     CopyObject; at most S3's single copy limit, 5 GiB
 * @param partSize the part size of multipart copies and uploads
 * @param copyParallelism copies in flight at once within a batch
 * @param batchLimits how the plan groups objects into copy batches
 * @param runTimeout how long a run may hold the mirror: the state machine's timeout, and the lease's
 */
public record MirrorConfig(
        BucketLocation source,
        BucketLocation mirror,
        String tableName,
        URI tableEndpoint,
        Region region,
        URI accessService,
        long singlePartLimit,
        long partSize,
        int copyParallelism,
        BatchLimits batchLimits,
        Duration runTimeout) {

    public static final long S3_SINGLE_PART_LIMIT = 5L << 30;
    /**
     * Objects above this are copied in parts: S3 may stay silent while one CopyObject copies a large object (a
     * client can time out while S3 finishes the copy), and parts copied side by side are faster across regions.
     */
    public static final long MULTIPART_COPY_THRESHOLD = 256L << 20;
    public static final long DEFAULT_PART_SIZE = 64L << 20;
    public static final int DEFAULT_COPY_PARALLELISM = 16;
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofHours(12);

    public MirrorConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessService, "accessService");
        Objects.requireNonNull(batchLimits, "batchLimits");
        Objects.requireNonNull(runTimeout, "runTimeout");
        if (singlePartLimit > S3_SINGLE_PART_LIMIT) {
            throw new IllegalStateException("the multipart copy threshold (" + singlePartLimit + " bytes) must not exceed S3's single copy limit of 5 GiB");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().source(source).mirror(mirror).tableName(tableName).tableEndpoint(tableEndpoint).region(region)
                .accessService(accessService).singlePartLimit(singlePartLimit).partSize(partSize).copyParallelism(copyParallelism)
                .batchLimits(batchLimits).runTimeout(runTimeout);
    }

    /**
     * The Lambda configuration, from environment variables: {@code MIRROR_BUCKET} and {@code
     * STATE_TABLE} (required), {@code MIRROR_PREFIX}, {@code SOURCE_BUCKET} (default {@code laion-fmri},
     * read unsigned), {@code SOURCE_PREFIX}, {@code S3_ENDPOINT} and {@code DYNAMODB_ENDPOINT} (for
     * S3-compatible stores and local APIs), {@code ACCESS_SERVICE_URL}, {@code COPY_PARALLELISM},
     * {@code PART_SIZE}, {@code MULTIPART_COPY_THRESHOLD}, {@code COPY_BATCH_MAX_ITEMS}, {@code COPY_BATCH_MAX_BYTES}, {@code
     * RUN_TIMEOUT_SECONDS}, {@code AWS_REGION} (set by Lambda).
     */
    public static MirrorConfig fromEnvironment(Map<String, String> env) {
        Region region = Region.of(optional(env, "AWS_REGION").orElse(Region.US_EAST_1.id()));
        URI s3Endpoint = optional(env, "S3_ENDPOINT").map(URI::create).orElse(null);
        String sourceBucket = optional(env, "SOURCE_BUCKET").orElse(BucketLocation.PUBLIC_BUCKET);
        Region sourceRegion = sourceBucket.equals(BucketLocation.PUBLIC_BUCKET) && s3Endpoint == null
                ? BucketLocation.PUBLIC_SOURCE.region() : region;
        BatchLimits limits = new BatchLimits(
                number(env, "COPY_BATCH_MAX_ITEMS", Integer::parseInt).orElse(BatchLimits.DEFAULT.maxItems()),
                number(env, "COPY_BATCH_MAX_BYTES", Long::parseLong).orElse(BatchLimits.DEFAULT.maxBytes()));
        return builder()
                .source(new BucketLocation(sourceBucket, optional(env, "SOURCE_PREFIX").orElse(""), s3Endpoint, sourceRegion, true))
                .mirror(new BucketLocation(required(env, "MIRROR_BUCKET"), optional(env, "MIRROR_PREFIX").orElse(""), s3Endpoint, region, false))
                .tableName(required(env, "STATE_TABLE"))
                .tableEndpoint(optional(env, "DYNAMODB_ENDPOINT").map(URI::create).orElse(null))
                .region(region)
                .accessService(optional(env, "ACCESS_SERVICE_URL").map(URI::create).orElse(AccessServiceClient.DEFAULT_BASE))
                .partSize(number(env, "PART_SIZE", Long::parseLong).orElse(DEFAULT_PART_SIZE))
                .singlePartLimit(number(env, "MULTIPART_COPY_THRESHOLD", Long::parseLong).orElse(MULTIPART_COPY_THRESHOLD))
                .copyParallelism(number(env, "COPY_PARALLELISM", Integer::parseInt).orElse(DEFAULT_COPY_PARALLELISM))
                .batchLimits(limits)
                .runTimeout(number(env, "RUN_TIMEOUT_SECONDS", Long::parseLong).map(Duration::ofSeconds).orElse(DEFAULT_RUN_TIMEOUT))
                .build();
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    private static <T> Optional<T> number(Map<String, String> env, String name, Function<String, T> parse) {
        return optional(env, name).map(value -> {
            try {
                return parse.apply(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("environment variable " + name + " must be a whole number, not \"" + value + "\"");
            }
        });
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }

    /** Collects a configuration; every setting but the locations and the table has a default. */
    public static final class Builder {
        private BucketLocation source;
        private BucketLocation mirror;
        private String tableName;
        private URI tableEndpoint;
        private Region region = Region.US_EAST_1;
        private URI accessService = AccessServiceClient.DEFAULT_BASE;
        private long singlePartLimit = MULTIPART_COPY_THRESHOLD;
        private long partSize = DEFAULT_PART_SIZE;
        private int copyParallelism = DEFAULT_COPY_PARALLELISM;
        private BatchLimits batchLimits = BatchLimits.DEFAULT;
        private Duration runTimeout = DEFAULT_RUN_TIMEOUT;

        private Builder() {}

        public Builder source(BucketLocation source) {
            this.source = source;
            return this;
        }

        public Builder mirror(BucketLocation mirror) {
            this.mirror = mirror;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder tableEndpoint(URI tableEndpoint) {
            this.tableEndpoint = tableEndpoint;
            return this;
        }

        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        public Builder accessService(URI accessService) {
            this.accessService = accessService;
            return this;
        }

        public Builder singlePartLimit(long singlePartLimit) {
            this.singlePartLimit = singlePartLimit;
            return this;
        }

        public Builder partSize(long partSize) {
            this.partSize = partSize;
            return this;
        }

        public Builder copyParallelism(int copyParallelism) {
            this.copyParallelism = copyParallelism;
            return this;
        }

        public Builder batchLimits(BatchLimits batchLimits) {
            this.batchLimits = batchLimits;
            return this;
        }

        public Builder runTimeout(Duration runTimeout) {
            this.runTimeout = runTimeout;
            return this;
        }

        public MirrorConfig build() {
            return new MirrorConfig(source, mirror, tableName, tableEndpoint, region, accessService, singlePartLimit, partSize,
                    copyParallelism, batchLimits, runTimeout);
        }
    }
}

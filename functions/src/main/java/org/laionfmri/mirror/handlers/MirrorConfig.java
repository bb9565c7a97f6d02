package org.laionfmri.mirror.handlers;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.laionfmri.mirror.plan.BatchLimits;
import org.laionfmri.mirror.state.dynamo.DynamoMirrorState;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The functions on AWS, and the one place they are wired: the source and the mirror on S3, the state
 * table on DynamoDB (in AWS, or on an endpoint for a DynamoDB API such as LocalStack's or a test's),
 * the access service, and how the steps run. Immutable; build with {@link #builder()}, or change a copy
 * with {@link #toBuilder()}.
 *
 * @param tableEndpoint a DynamoDB API elsewhere than AWS, or null
 * @param singlePartLimit objects above it are copied in parts (UploadPartCopy, side by side), those up to it with one
 *     CopyObject; at most S3's single copy limit, 5 GiB
 * @param partSize the part size of multipart copies and uploads
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
        WorkflowSettings settings) {

    public MirrorConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessService, "accessService");
        Objects.requireNonNull(settings, "settings");
        if (singlePartLimit > S3ObjectStore.S3_SINGLE_PART_LIMIT) {
            throw new IllegalStateException("the multipart copy threshold (" + singlePartLimit + " bytes) must not exceed S3's single copy limit of 5 GiB");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().source(source).mirror(mirror).tableName(tableName).tableEndpoint(tableEndpoint).region(region)
                .accessService(accessService).singlePartLimit(singlePartLimit).partSize(partSize).settings(settings);
    }

    /** The services over S3 and DynamoDB, with {@code interceptors} seeing every AWS call (a test recording a step's). */
    public MirrorServices services(Clock clock, List<ExecutionInterceptor> interceptors) {
        RequestCounter requests = new RequestCounter();
        RequestCounter sourceRequests = new RequestCounter();
        List<ExecutionInterceptor> sourceInterceptors = new ArrayList<>(interceptors);
        sourceInterceptors.add(sourceRequests);
        return MirrorServices.builder().settings(settings).clock(clock).requests(requests).sourceRequests(sourceRequests)
                .source(() -> S3ObjectStore.builder(source).requests(requests).interceptors(sourceInterceptors).build())
                .mirror(() -> S3ObjectStore.builder(mirror).requests(requests).interceptors(interceptors).singlePartLimit(singlePartLimit)
                        .partSize(partSize).build())
                .state(() -> new DynamoMirrorState(dynamo(interceptors), tableName))
                .accessService(() -> AccessServiceClient.at(accessService))
                .build();
    }

    /** The table's client; the state closes it with the services. */
    private DynamoDbClient dynamo(List<ExecutionInterceptor> interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().region(region)
                .overrideConfiguration(override -> interceptors.forEach(override::addExecutionInterceptor));
        if (tableEndpoint != null) {
            // a DynamoDB API outside AWS checks no credentials
            builder.endpointOverride(tableEndpoint)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return builder.build();
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
        WorkflowSettings settings = new WorkflowSettings(limits,
                number(env, "RUN_TIMEOUT_SECONDS", Long::parseLong).map(Duration::ofSeconds).orElse(WorkflowSettings.DEFAULT_RUN_TIMEOUT),
                number(env, "COPY_PARALLELISM", Integer::parseInt).orElse(WorkflowSettings.DEFAULT_COPY_PARALLELISM),
                WorkflowSettings.DEFAULT_PROGRESS_EVERY);
        return builder()
                .source(new BucketLocation(sourceBucket, optional(env, "SOURCE_PREFIX").orElse(""), s3Endpoint, sourceRegion, true))
                .mirror(new BucketLocation(required(env, "MIRROR_BUCKET"), optional(env, "MIRROR_PREFIX").orElse(""), s3Endpoint, region, false))
                .tableName(required(env, "STATE_TABLE"))
                .tableEndpoint(optional(env, "DYNAMODB_ENDPOINT").map(URI::create).orElse(null))
                .region(region)
                .accessService(optional(env, "ACCESS_SERVICE_URL").map(URI::create).orElse(AccessServiceClient.DEFAULT_BASE))
                .partSize(number(env, "PART_SIZE", Long::parseLong).orElse(S3ObjectStore.DEFAULT_PART_SIZE))
                .singlePartLimit(number(env, "MULTIPART_COPY_THRESHOLD", Long::parseLong).orElse(S3ObjectStore.MULTIPART_COPY_THRESHOLD))
                .settings(settings)
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
        private long singlePartLimit = S3ObjectStore.MULTIPART_COPY_THRESHOLD;
        private long partSize = S3ObjectStore.DEFAULT_PART_SIZE;
        private WorkflowSettings settings = WorkflowSettings.DEFAULT;

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

        public Builder settings(WorkflowSettings settings) {
            this.settings = settings;
            return this;
        }

        public MirrorConfig build() {
            return new MirrorConfig(source, mirror, tableName, tableEndpoint, region, accessService, singlePartLimit, partSize, settings);
        }
    }
}

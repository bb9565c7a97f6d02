package org.laionfmri.mirror.handlers;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.storage.BucketLocation;
import software.amazon.awssdk.regions.Region;

/**
 * How the functions reach the world: the source and the mirror, the state table (on an endpoint for a
 * local DynamoDB API, or in AWS), the access service, and the copy settings.
 *
 * @param tableEndpoint a local DynamoDB API (dynalite, LocalStack), or null for DynamoDB in AWS
 * @param singlePartLimit objects above it are copied in parts (S3: 5 GiB)
 * @param partSize the part size of multipart copies and uploads
 * @param copyParallelism copies in flight at once within a batch
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
        int copyParallelism) {

    public static final long S3_SINGLE_PART_LIMIT = 5L << 30;
    public static final long DEFAULT_PART_SIZE = 64L << 20;
    public static final int DEFAULT_COPY_PARALLELISM = 16;

    /**
     * The Lambda configuration, from environment variables: {@code MIRROR_BUCKET} and {@code
     * STATE_TABLE} (required), {@code MIRROR_PREFIX}, {@code SOURCE_BUCKET} (default {@code laion-fmri},
     * read unsigned), {@code SOURCE_PREFIX}, {@code S3_ENDPOINT} and {@code DYNAMODB_ENDPOINT} (for
     * S3-compatible stores and local APIs), {@code ACCESS_SERVICE_URL}, {@code COPY_PARALLELISM},
     * {@code PART_SIZE}, {@code AWS_REGION} (set by Lambda).
     */
    public static MirrorConfig fromEnvironment(Map<String, String> env) {
        Region region = Region.of(optional(env, "AWS_REGION").orElse(Region.US_EAST_1.id()));
        URI s3Endpoint = optional(env, "S3_ENDPOINT").map(URI::create).orElse(null);
        String sourceBucket = optional(env, "SOURCE_BUCKET").orElse(BucketLocation.PUBLIC_BUCKET);
        Region sourceRegion = sourceBucket.equals(BucketLocation.PUBLIC_BUCKET) && s3Endpoint == null
                ? BucketLocation.PUBLIC_SOURCE.region() : region;
        return new MirrorConfig(
                new BucketLocation(sourceBucket, optional(env, "SOURCE_PREFIX").orElse(""), s3Endpoint, sourceRegion, true),
                new BucketLocation(required(env, "MIRROR_BUCKET"), optional(env, "MIRROR_PREFIX").orElse(""), s3Endpoint, region, false),
                required(env, "STATE_TABLE"),
                optional(env, "DYNAMODB_ENDPOINT").map(URI::create).orElse(null),
                region,
                optional(env, "ACCESS_SERVICE_URL").map(URI::create).orElse(AccessServiceClient.DEFAULT_BASE),
                S3_SINGLE_PART_LIMIT,
                optional(env, "PART_SIZE").map(Long::parseLong).orElse(DEFAULT_PART_SIZE),
                optional(env, "COPY_PARALLELISM").map(Integer::parseInt).orElse(DEFAULT_COPY_PARALLELISM));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }
}

package org.laionfmri.mirror.client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.laionfmri.mirror.storage.BucketLocation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where to mirror from and to: each an {@code s3://bucket[/prefix]} (with an endpoint for
 * S3-compatible stores) or a local directory, which is served as a bucket whose keys are the files'
 * relative paths.
 */
final class StorageOptions {

    static final String PUBLIC_SOURCE = "s3://" + BucketLocation.PUBLIC_BUCKET;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--source", defaultValue = PUBLIC_SOURCE, paramLabel = "S3URI|DIR",
            description = "Where the dataset is read from (default: ${DEFAULT-VALUE}, read unsigned in us-west-2).")
    String source;

    @Option(names = "--source-endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible store holding the source.")
    URI sourceEndpoint;

    @Option(names = "--dest", required = true, paramLabel = "S3URI|DIR", description = "The mirror: s3://bucket[/prefix] or a directory.")
    String dest;

    @Option(names = "--dest-endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible store holding the mirror.")
    URI destEndpoint;

    /** The source as an S3 location, or null when it is a directory. */
    BucketLocation sourceBucket() {
        if (!BucketLocation.isS3Uri(source)) {
            requireNoEndpoint("--source-endpoint", sourceEndpoint);
            return null;
        }
        if (source.equals(PUBLIC_SOURCE) && sourceEndpoint == null) {
            return BucketLocation.PUBLIC_SOURCE;
        }
        return parse("--source", source, sourceEndpoint, BucketLocation.PUBLIC_SOURCE.region(), true);
    }

    /** The mirror as an S3 location (signed with the default AWS credentials), or null when it is a directory. */
    BucketLocation destBucket() {
        if (!BucketLocation.isS3Uri(dest)) {
            requireNoEndpoint("--dest-endpoint", destEndpoint);
            return null;
        }
        return parse("--dest", dest, destEndpoint, configuredRegion(), false);
    }

    /** The source directory, which must exist. */
    Path sourceDirectory() {
        Path directory = Path.of(source);
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), "--source: " + source + " is neither s3://bucket[/prefix] nor an existing directory");
        }
        return directory;
    }

    /** The mirror directory; null when it does not exist yet (an empty mirror). */
    Path destDirectory() {
        Path directory = Path.of(dest);
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), "--dest: " + dest + " exists and is not a directory");
        }
        return Files.isDirectory(directory) ? directory : null;
    }

    private BucketLocation parse(String option, String uri, URI endpoint, Region region, boolean anonymous) {
        try {
            return BucketLocation.parse(uri, endpoint, region, anonymous);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private void requireNoEndpoint(String option, URI endpoint) {
        if (endpoint != null) {
            throw new ParameterException(spec.commandLine(), option + " applies to s3:// locations only");
        }
    }

    /** The region of the AWS configuration (AWS_REGION, profile), else us-east-1; S3 redirects across regions. */
    private static Region configuredRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException noRegionConfigured) {
            return Region.US_EAST_1;
        }
    }
}

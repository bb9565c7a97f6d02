package org.laionfmri.mirror.client.commands;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Reads {@code --source}/{@code --dest} values: {@code s3://bucket[/prefix]} (with an endpoint for S3-compatible stores) or a directory. */
final class Locations {

    private Locations() {}

    /**
     * The store {@code value} names; a directory that does not exist is accepted when {@code mayBeNew}
     * (an empty mirror), never a file. Anything malformed is a parameter error naming {@code option}.
     */
    static Store parse(CommandLine commandLine, String option, String value, URI endpoint, boolean anonymous, boolean mayBeNew) {
        if (value == null || value.isBlank()) {
            throw new ParameterException(commandLine, option + " must name a directory or s3://bucket[/prefix], not an empty value");
        }
        if (BucketLocation.isS3Uri(value)) {
            checkEndpoint(commandLine, option + "-endpoint", endpoint);
            Region region = anonymous && value.equals("s3://" + BucketLocation.PUBLIC_BUCKET) && endpoint == null
                    ? BucketLocation.PUBLIC_SOURCE.region() : configuredRegion();
            try {
                return new Store.Bucket(BucketLocation.parse(value, endpoint, region, anonymous));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, option + ": " + e.getMessage());
            }
        }
        if (endpoint != null) {
            throw new ParameterException(commandLine, option + "-endpoint applies to s3:// locations only");
        }
        Path directory;
        try {
            directory = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ParameterException(commandLine, option + ": \"" + value + "\" is not a path: " + e.getReason());
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new ParameterException(commandLine, option + ": " + value + " exists and is not a directory");
        }
        if (!mayBeNew && !Files.isDirectory(directory)) {
            throw new ParameterException(commandLine, option + ": " + value + " is neither s3://bucket[/prefix] nor an existing directory");
        }
        return new Store.Directory(directory);
    }

    /** A mirror directory this command will write into must be writable, or creatable where it does not exist yet. */
    static void requireWritable(CommandLine commandLine, String option, Store store) {
        if (store instanceof Store.Directory directory && !Files.isWritable(nearestExisting(directory.path()))) {
            throw new ParameterException(commandLine, option + ": " + directory.path() + " is not writable by you ("
                    + nearestExisting(directory.path()) + " is not)");
        }
    }

    private static Path nearestExisting(Path directory) {
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? directory.getRoot() : existing;
    }

    /** Refuses a mirror directory inside the source directory, or holding it: a run would copy its own output. */
    static void requireApart(CommandLine commandLine, Store source, Store mirror) {
        if (source instanceof Store.Directory from && mirror instanceof Store.Directory to
                && (to.path().startsWith(from.path()) || from.path().startsWith(to.path()))) {
            throw new ParameterException(commandLine, "--dest: the mirror " + to.path() + " must not be the source " + from.path()
                    + ", be inside it, or hold it");
        }
    }

    /** An endpoint must be an http(s) URL with a host and, if given, a valid port. */
    private static void checkEndpoint(CommandLine commandLine, String option, URI endpoint) {
        if (endpoint == null) {
            return;
        }
        boolean http = "http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme());
        if (!http || endpoint.getHost() == null || endpoint.getPort() > 65535 || endpoint.getUserInfo() != null) {
            throw new ParameterException(commandLine, option + ": expected http(s)://host[:port] without credentials, got "
                    + (endpoint.getUserInfo() == null ? endpoint : "a URL holding credentials"));
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

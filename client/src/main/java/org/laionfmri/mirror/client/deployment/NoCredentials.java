package org.laionfmri.mirror.client.deployment;

import org.laionfmri.mirror.error.MirrorException;
import org.laionfmri.mirror.storage.s3.BucketLocation;

/** The AWS SDK found no credentials (or no region) to reach a deployed stack or a bucket with. */
public final class NoCredentials extends MirrorException {

    public NoCredentials(String message) {
        super(message);
    }

    /** None for AWS{@code forWhat}, from anywhere the SDK's default chain looks; {@code orElse} is the other way to name a profile. */
    public static NoCredentials inAws(String forWhat, String orElse) {
        return new NoCredentials("No AWS credentials were found" + forWhat + " (looked in the environment, the Java system properties, the"
                + " profile " + profile() + " of ~/.aws/config and ~/.aws/credentials, SSO, and the container and instance roles): run aws"
                + " configure or aws sso login, or " + orElse + ".");
    }

    /** None for a bucket of an S3-compatible store, where only keys count: an instance role means nothing there. */
    public static NoCredentials atEndpoint(BucketLocation location) {
        return new NoCredentials("No credentials were found for " + location + " (looked in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the Java"
                + " system properties aws.accessKeyId and aws.secretAccessKey, and the profile " + profile() + " of ~/.aws/credentials): set the"
                + " store's keys there, or name their profile with AWS_PROFILE.");
    }

    /** The profile the SDK reads, as AWS_PROFILE or the aws.profile property (--profile) names it. */
    private static String profile() {
        return System.getProperty("aws.profile", System.getenv().getOrDefault("AWS_PROFILE", "default"));
    }
}

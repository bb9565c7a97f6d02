package org.laionfmri.mirror.storage;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The one place S3 clients are built, so every caller reaches a location the same way. */
public final class S3Clients {

    private S3Clients() {}

    /** A client for {@code location} whose requests are counted by {@code counter}. */
    public static S3Client create(BucketLocation location, RequestCounter counter) {
        S3ClientBuilder builder = S3Client.builder()
                .region(location.region())
                .overrideConfiguration(config -> config.addExecutionInterceptor(counter))
                .credentialsProvider(location.anonymous()
                        ? AnonymousCredentialsProvider.create()
                        : DefaultCredentialsProvider.builder().build());
        if (location.endpoint() != null) {
            builder.endpointOverride(location.endpoint()).forcePathStyle(true);
        } else {
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }
}

package org.laionfmri.mirror.client.commands;

import org.laionfmri.mirror.client.deployment.NoCredentials;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3Clients;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * A bucket a command is about to use, checked before anything is made for it (a mirror's state, a data
 * directory's files): there are credentials to sign with, and the bucket exists. One LIST of one key.
 */
final class BucketCheck {

    private BucketCheck() {}

    /**
     * @throws NoCredentials naming what was looked for
     * @throws ParameterException naming {@code option} when there is no such bucket
     */
    static void require(CommandLine commandLine, String option, BucketLocation location) {
        try {
            S3Clients.credentials(location).resolveCredentials();
        } catch (SdkClientException none) {
            throw location.endpoint() == null ? NoCredentials.inAws(" for " + location, "set AWS_PROFILE") : NoCredentials.atEndpoint(location);
        }
        try (S3Client s3 = S3Clients.create(location, new RequestCounter())) {
            s3.listObjectsV2(list -> list.bucket(location.bucket()).prefix(location.prefix()).maxKeys(1));
        } catch (NoSuchBucketException missing) {
            throw new ParameterException(commandLine, option + ": there is no bucket " + location.bucket() + (location.endpoint() == null ? " in AWS"
                    : " at " + location.endpoint()) + ": make it first, or check the name" + (location.endpoint() == null ? "" : " and " + option
                    + "-endpoint"));
        }
    }
}

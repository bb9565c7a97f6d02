package org.laionfmri.mirror.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.testing.LocalDynamo;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The recorder on real SDK clients: S3 through S3Proxy (single requests and a multipart copy), DynamoDB on dynalite. */
class AwsCallRecorderTest {

    private static final long PART = 5L << 20;

    @TempDir
    Path workspace;

    @Test
    void recordsEachS3RequestWithItsBucketKeyPrefixAndCopySource() throws Exception {
        String key = "sub-01/a b+c.nii.gz"; // the copy source travels URL-encoded
        List<AwsCall> calls = new CopyOnWriteArrayList<>();
        try (DirectoryBuckets buckets = DirectoryBuckets.start()) {
            BucketLocation source = buckets.serve("source", Files.createDirectory(workspace.resolve("source")));
            buckets.serve("mirror", Files.createDirectory(workspace.resolve("mirror")));
            try (S3Client s3 = S3Client.builder().endpointOverride(source.endpoint()).forcePathStyle(true).region(source.region())
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .overrideConfiguration(config -> config.addExecutionInterceptor(new AwsCallRecorder("CopyBatch", calls))).build()) {
                s3.putObject(put -> put.bucket("source").key(key), RequestBody.fromString("a"));
                s3.listObjectsV2(list -> list.bucket("source").prefix("sub-01/"));
                s3.headObject(head -> head.bucket("source").key(key));
                s3.copyObject(copy -> copy.sourceBucket("source").sourceKey(key).destinationBucket("mirror").destinationKey("lab/" + key));
                s3.deleteObject(delete -> delete.bucket("mirror").key("lab/" + key));
            }
        }

        assertThat(calls).containsExactly(
                AwsCall.s3("CopyBatch", "PutObject", "source", key),
                AwsCall.list("CopyBatch", "source", "sub-01/"),
                AwsCall.s3("CopyBatch", "HeadObject", "source", key),
                AwsCall.copy("CopyBatch", "CopyObject", "source", key, "mirror", "lab/" + key),
                AwsCall.s3("CopyBatch", "DeleteObject", "mirror", "lab/" + key));
    }

    @Test
    void recordsTheMultipartClientsPartsAsS3SeesThem() throws Exception {
        List<AwsCall> calls = new CopyOnWriteArrayList<>();
        try (DirectoryBuckets buckets = DirectoryBuckets.start()) {
            BucketLocation source = buckets.serve("source", Files.createDirectory(workspace.resolve("source")));
            buckets.serve("mirror", Files.createDirectory(workspace.resolve("mirror")));
            Files.write(workspace.resolve("source/big.h5"), new byte[(int) PART + 1]);
            try (S3AsyncClient multipart = S3AsyncClient.builder().endpointOverride(source.endpoint()).forcePathStyle(true)
                    .region(source.region()).credentialsProvider(AnonymousCredentialsProvider.create())
                    .multipartEnabled(true).multipartConfiguration(config -> config.thresholdInBytes(PART).minimumPartSizeInBytes(PART))
                    .overrideConfiguration(config -> config.addExecutionInterceptor(new AwsCallRecorder("Stimuli", calls))).build()) {
                multipart.copyObject(copy -> copy.sourceBucket("source").sourceKey("big.h5").destinationBucket("mirror").destinationKey("lab/big.h5"))
                        .join();
                multipart.putObject(put -> put.bucket("mirror").key("lab/stimuli/s.h5"), AsyncRequestBody.fromBytes(new byte[(int) PART + 1]))
                        .join();
            }
        }

        assertThat(calls).containsExactly(
                AwsCall.s3("Stimuli", "HeadObject", "source", "big.h5"),
                AwsCall.s3("Stimuli", "CreateMultipartUpload", "mirror", "lab/big.h5"),
                AwsCall.copy("Stimuli", "UploadPartCopy", "source", "big.h5", "mirror", "lab/big.h5"),
                AwsCall.copy("Stimuli", "UploadPartCopy", "source", "big.h5", "mirror", "lab/big.h5"),
                AwsCall.s3("Stimuli", "CompleteMultipartUpload", "mirror", "lab/big.h5"),
                AwsCall.s3("Stimuli", "CreateMultipartUpload", "mirror", "lab/stimuli/s.h5"),
                AwsCall.s3("Stimuli", "UploadPart", "mirror", "lab/stimuli/s.h5"),
                AwsCall.s3("Stimuli", "UploadPart", "mirror", "lab/stimuli/s.h5"),
                AwsCall.s3("Stimuli", "CompleteMultipartUpload", "mirror", "lab/stimuli/s.h5"));
    }

    @Test
    void recordsDynamoDbRequestsWithTheirTableEvenWhenRefused() {
        List<AwsCall> calls = new CopyOnWriteArrayList<>();
        try (LocalDynamo dynamo = LocalDynamo.start(null);
                DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .overrideConfiguration(config -> config.addExecutionInterceptor(new AwsCallRecorder("LicenceGate", calls))).build()) {
            assertThatThrownBy(() -> client.getItem(get -> get.tableName("laion-mirror-state").key(Map.of("pk", AttributeValue.fromS("LICENCE")))))
                    .isInstanceOf(ResourceNotFoundException.class);
        }

        assertThat(calls).containsExactly(AwsCall.dynamo("LicenceGate", "GetItem", "laion-mirror-state"));
    }
}

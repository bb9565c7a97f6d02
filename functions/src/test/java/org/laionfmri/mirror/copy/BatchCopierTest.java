package org.laionfmri.mirror.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3Clients;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.testing.FaultyStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;

/**
 * Server-side copies through S3Proxy, with S3's copy limit, throttling and a denying bucket policy;
 * and copies across endpoints through this process.
 */
class BatchCopierTest {

    private static final long PART = 5L << 20;

    /**
     * Turns a completed upload's answer into the 404 NoSuchUpload that stores such as MinIO give a
     * retried CompleteMultipartUpload whose first attempt completed the upload but lost its answer.
     */
    private static final ExecutionInterceptor COMPLETION_ANSWER_LOST = new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CompleteMultipartUploadRequest) {
                throw NoSuchUploadException.builder().statusCode(404)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchUpload").build()).build();
            }
        }
    };

    @TempDir
    Path workspace;
    private Path sourceDir;
    private Path mirrorDir;
    private BucketLocation source;
    private BucketLocation mirror;
    private FaultyStore faults;
    private DirectoryBuckets buckets;
    private RequestCounter requests;
    private S3ObjectStore sourceStore;
    private S3ObjectStore mirrorStore;
    private BatchCopier copier;

    @BeforeEach
    void serve() throws Exception {
        sourceDir = Files.createDirectory(workspace.resolve("source"));
        mirrorDir = Files.createDirectory(workspace.resolve("mirror"));
        buckets = DirectoryBuckets.builder().maxSinglePartObjectSize(PART)
                .middleware(store -> faults = new FaultyStore(store, PART)).start();
        source = buckets.serve("source", sourceDir);
        mirror = buckets.serve("mirror", mirrorDir);
        requests = new RequestCounter();
        sourceStore = S3ObjectStore.builder(source).requests(requests).build();
        mirrorStore = S3ObjectStore.builder(mirror).requests(requests).singlePartLimit(PART).partSize(PART).build();
        copier = new BatchCopier(sourceStore, mirrorStore, requests, 4, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sourceStore.close();
        mirrorStore.close();
        buckets.close();
    }

    @Test
    void copiesSmallObjectsWithOneCopyAndLargeOnesInPartsWithIdenticalBytes() throws Exception {
        byte[] small = write("derivatives/rois/sub-01/a_mask.nii.gz", 1_000);
        byte[] large = write("sub-01/ses-04/func/run-01_bold.nii.gz", 2 * PART + 12_345);

        BatchResult result = copier.copy(List.of(
                new CopyItem("derivatives/rois/sub-01/a_mask.nii.gz", small.length),
                new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", large.length)), Deadline.none(), () -> true, CopyProgress.NONE);

        assertThat(result.copied()).isEqualTo(2);
        assertThat(result.bytesCopied()).isEqualTo(small.length + large.length);
        assertThat(result.denied()).isEmpty();
        assertThat(result.failed()).isEmpty();
        assertThat(Files.readAllBytes(mirrorDir.resolve("derivatives/rois/sub-01/a_mask.nii.gz"))).isEqualTo(small);
        assertThat(Files.readAllBytes(mirrorDir.resolve("sub-01/ses-04/func/run-01_bold.nii.gz"))).isEqualTo(large);
        assertThat(result.s3Requests())
                .containsEntry("CopyObject", 1L)
                .containsEntry("CreateMultipartUpload", 1L)
                .containsEntry("UploadPartCopy", 3L)
                .containsEntry("CompleteMultipartUpload", 1L);
    }

    @Test
    void eachSingleCopyIsGivenTimeForItsSizeAndAMultipartCopyKeepsTheSourcesTypeAndMetadataAsOneCopyDoes() throws Exception {
        Map<String, String> metadata = Map.of("sha256", "0f1e2d");
        byte[] small = upload("derivatives/rois/sub-01/a_mask.nii.gz", 1_000, metadata);
        byte[] large = upload("sub-01/ses-04/func/run-01_bold.nii.gz", (int) (2 * PART + 1), metadata);
        List<Duration> attemptTimeouts = new CopyOnWriteArrayList<>();
        ExecutionInterceptor attempts = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof CopyObjectRequest copy) {
                    attemptTimeouts.add(copy.overrideConfiguration().flatMap(config -> config.apiCallAttemptTimeout()).orElse(null));
                }
            }
        };
        try (S3ObjectStore timed = S3ObjectStore.builder(mirror).requests(requests).interceptors(List.of(attempts)).singlePartLimit(PART)
                .partSize(PART).build()) {
            BatchResult result = new BatchCopier(sourceStore, timed, requests, 4, Clock.systemUTC()).copy(List.of(
                    new CopyItem("derivatives/rois/sub-01/a_mask.nii.gz", small.length),
                    new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", large.length)), Deadline.none(), () -> true, CopyProgress.NONE);

            assertThat(result.copied()).isEqualTo(2);
        }
        assertThat(attemptTimeouts).containsExactly(S3Clients.singleCopyTimeout(small.length));
        assertThat(S3Clients.singleCopyTimeout(256L << 20)).isGreaterThan(S3Clients.singleCopyTimeout(1_000)).isGreaterThan(Duration.ofSeconds(30));
        try (S3Client reader = S3Clients.create(mirror, new RequestCounter())) {
            for (String key : List.of("derivatives/rois/sub-01/a_mask.nii.gz", "sub-01/ses-04/func/run-01_bold.nii.gz")) {
                var head = reader.headObject(request -> request.bucket(mirror.bucket()).key(key));
                assertThat(head.contentType()).as(key).isEqualTo("application/gzip");
                assertThat(head.metadata()).as(key).isEqualTo(metadata);
            }
        }
    }

    @Test
    void retriesSlowDownToSuccess() throws Exception {
        byte[] body = write("README", 900);
        faults.slowDown("README", 3);

        BatchResult result = copier.copy(List.of(new CopyItem("README", body.length)), Deadline.none(), () -> true, CopyProgress.NONE);

        assertThat(result.copied()).isEqualTo(1);
        assertThat(result.s3Requests()).containsEntry("CopyObject", 4L);
        assertThat(Files.readAllBytes(mirrorDir.resolve("README"))).isEqualTo(body);
    }

    @Test
    void recordsDeniedAndFailedKeysAndCarriesOn() throws Exception {
        write("sub-01/ses-31/func/held.nii.gz", 10);
        byte[] fine = write("participants.tsv", 20);
        faults.deny("sub-01/ses-31/func/held.nii.gz");

        BatchResult result = copier.copy(List.of(
                new CopyItem("sub-01/ses-31/func/held.nii.gz", 10),
                new CopyItem("gone/since/the/plan.json", 5),
                new CopyItem("participants.tsv", fine.length)), Deadline.none(), () -> true, CopyProgress.NONE);

        assertThat(result.copied()).isEqualTo(1);
        assertThat(result.denied()).containsExactly("sub-01/ses-31/func/held.nii.gz");
        assertThat(result.failed()).containsExactly(new FailedCopy("gone/since/the/plan.json", "NoSuchKey (HTTP 404)"));
        assertThat(Files.readAllBytes(mirrorDir.resolve("participants.tsv"))).isEqualTo(fine);
        assertThat(mirrorDir.resolve("sub-01")).doesNotExist();
    }

    @Test
    void aDeniedLargeObjectIsDeniedToo() throws Exception {
        write("big/denied.bin", PART + 1);
        faults.deny("big/denied.bin");

        BatchResult result = copier.copy(List.of(new CopyItem("big/denied.bin", PART + 1)), Deadline.none(), () -> true, CopyProgress.NONE);

        assertThat(result.denied()).containsExactly("big/denied.bin");
        assertThat(mirrorDir.resolve("big/denied.bin")).doesNotExist();
    }

    @Test
    void startsNoCopyAfterTheDeadlineAndReturnsTheItemsAsPending() throws Exception {
        byte[] body = write("README", 900);
        Instant past = Instant.now().minusSeconds(1);

        BatchResult result = copier.copy(List.of(new CopyItem("README", body.length), new CopyItem("participants.tsv", 10)),
                new Deadline(past, Instant.now().plusSeconds(60)), () -> true, CopyProgress.NONE);

        assertThat(result.copied()).isZero();
        assertThat(result.pending()).containsExactly("README", "participants.tsv");
        assertThat(result.failed()).isEmpty();
        assertThat(result.s3Requests()).isEmpty();
        assertThat(mirrorDir.resolve("README")).doesNotExist();
    }

    @Test
    void aBatchOfARunThatEndedStartsNoFurtherCopyAndReturnsTheRestAsPending() throws Exception {
        byte[] first = write("README", 900);
        write("participants.tsv", 20);
        write("sub-01/ses-04/anat/T1w.nii.gz", 30);
        AtomicInteger asked = new AtomicInteger();

        BatchResult result = copier.copy(List.of(new CopyItem("README", first.length), new CopyItem("participants.tsv", 20),
                new CopyItem("sub-01/ses-04/anat/T1w.nii.gz", 30)), Deadline.none(), () -> asked.incrementAndGet() == 1, CopyProgress.NONE);

        assertThat(result.copied()).isEqualTo(1);
        assertThat(result.pending()).containsExactly("participants.tsv", "sub-01/ses-04/anat/T1w.nii.gz");
        assertThat(Files.readAllBytes(mirrorDir.resolve("README"))).isEqualTo(first);
        assertThat(mirrorDir.resolve("participants.tsv")).doesNotExist();
        assertThat(result.s3Requests()).containsOnly(Map.entry("CopyObject", 1L));
    }

    @Test
    void givesUpOnCopiesStillRunningAtTheDeadlineAsPending() throws Exception {
        byte[] fine = write("participants.tsv", 20);
        write("sub-01/slow.nii.gz", 30);
        CountDownLatch slow = faults.hold("sub-01/slow.nii.gz");
        try {
            BatchResult result = copier.copy(List.of(new CopyItem("participants.tsv", fine.length), new CopyItem("sub-01/slow.nii.gz", 30)),
                    new Deadline(Instant.now().plusSeconds(3600), Instant.now().plusSeconds(3)), () -> true, CopyProgress.NONE);

            assertThat(result.copied()).isEqualTo(1);
            assertThat(result.pending()).containsExactly("sub-01/slow.nii.gz");
            assertThat(result.failed()).isEmpty();
            assertThat(Files.readAllBytes(mirrorDir.resolve("participants.tsv"))).isEqualTo(fine);
        } finally {
            slow.countDown();
        }
    }

    @Test
    void acrossEndpointsPassesEachObjectThroughThisProcessInPartsAboveThePartSize() throws Exception {
        byte[] small = write("participants.tsv", 700);
        byte[] large = write("sub-01/ses-04/func/run-01_bold.nii.gz", 2 * PART + 99);
        write("README", 50);
        faults.deny("sub-01/ses-31/func/held.nii.gz");
        write("sub-01/ses-31/func/held.nii.gz", 10);
        try (DirectoryBuckets elsewhere = DirectoryBuckets.start()) {
            Path written = Files.createDirectory(workspace.resolve("other-mirror"));

            BatchResult result = copyAcross(source, elsewhere.serve("mirror", written), List.of(
                    new CopyItem("participants.tsv", small.length),
                    new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", large.length),
                    new CopyItem("README", 49),
                    new CopyItem("sub-01/ses-31/func/held.nii.gz", 10)), Deadline.none());

            assertThat(result.copied()).isEqualTo(2);
            assertThat(Files.readAllBytes(written.resolve("participants.tsv"))).isEqualTo(small);
            assertThat(Files.readAllBytes(written.resolve("sub-01/ses-04/func/run-01_bold.nii.gz"))).isEqualTo(large);
            assertThat(result.failed()).containsExactly(new FailedCopy("README", "SourceChanged (planned 49 bytes, now 50)"));
            assertThat(written.resolve("README")).doesNotExist();
            assertThat(result.denied()).containsExactly("sub-01/ses-31/func/held.nii.gz");
            assertThat(result.s3Requests()).doesNotContainKeys("CopyObject", "UploadPartCopy")
                    .containsEntry("PutObject", 1L).containsEntry("UploadPart", 3L).containsKey("GetObject");
        }
    }

    @Test
    void acrossEndpointsALargeSourceThatChangedFailsAndItsUploadIsAborted() throws Exception {
        write("sub-01/ses-04/func/run-01_bold.nii.gz", 3 * PART + 1);
        try (DirectoryBuckets elsewhere = DirectoryBuckets.start()) {
            Path written = Files.createDirectory(workspace.resolve("other-mirror"));

            BatchResult result = copyAcross(source, elsewhere.serve("mirror", written),
                    List.of(new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", 3 * PART)), Deadline.none());

            assertThat(result.failed()).containsExactly(
                    new FailedCopy("sub-01/ses-04/func/run-01_bold.nii.gz", "SourceChanged (planned 15728640 bytes, now 15728641)"));
            assertThat(result.s3Requests()).containsEntry("CreateMultipartUpload", 1L).containsEntry("AbortMultipartUpload", 1L);
            assertThat(written).isEmptyDirectory(); // no object, and no upload's parts
        }
    }

    @Test
    void acrossEndpointsAnUploadCompletedWhoseAnswerWasLostIsCopied() throws Exception {
        byte[] large = write("sub-01/ses-04/func/run-01_bold.nii.gz", 2 * PART + 7);
        try (DirectoryBuckets elsewhere = DirectoryBuckets.start()) {
            Path written = Files.createDirectory(workspace.resolve("other-mirror"));

            BatchResult result = copyAcross(source, elsewhere.serve("mirror", written),
                    List.of(new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", large.length)), Deadline.none(), List.of(COMPLETION_ANSWER_LOST));

            assertThat(result.failed()).isEmpty();
            assertThat(result.copied()).isEqualTo(1);
            assertThat(result.s3Requests()).containsEntry("CompleteMultipartUpload", 1L).containsEntry("HeadObject", 1L);
            assertThat(Files.readAllBytes(written.resolve("sub-01/ses-04/func/run-01_bold.nii.gz"))).isEqualTo(large);
        }
    }

    @Test
    void acrossEndpointsGivesUpOnCopiesStillRunningAtTheDeadlineAndAbortsTheirUploads() throws Exception {
        byte[] fine = write("participants.tsv", 20);
        write("sub-01/slow.nii.gz", 2 * PART);
        CountDownLatch slow = faults.hold("sub-01/slow.nii.gz");
        try (DirectoryBuckets elsewhere = DirectoryBuckets.start()) {
            Path written = Files.createDirectory(workspace.resolve("other-mirror"));

            BatchResult result = copyAcross(source, elsewhere.serve("mirror", written),
                    List.of(new CopyItem("participants.tsv", fine.length), new CopyItem("sub-01/slow.nii.gz", 2 * PART)),
                    new Deadline(Instant.now().plusSeconds(3600), Instant.now().plusSeconds(3)));

            assertThat(result.copied()).isEqualTo(1);
            assertThat(result.pending()).containsExactly("sub-01/slow.nii.gz");
            assertThat(result.failed()).isEmpty();
            try (Stream<Path> files = Files.walk(written)) {
                assertThat(files.filter(Files::isRegularFile)).containsExactly(written.resolve("participants.tsv")); // the upload aborted
            }
        } finally {
            slow.countDown();
        }
    }

    /** Puts {@code size} random bytes at {@code key} of the source through S3, as gzip with {@code metadata}; returns them. */
    private byte[] upload(String key, int size, Map<String, String> metadata) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        try (S3AsyncClient writer = S3Clients.createMultipart(source, new RequestCounter(), PART)) { // S3Proxy here takes at most a part in one put
            writer.putObject(put -> put.bucket(source.bucket()).key(key).contentType("application/gzip").metadata(metadata),
                    AsyncRequestBody.fromBytes(body)).join();
        }
        return body;
    }

    /** A batch copied across endpoints, as the copy function copies from a source on another store. */
    private static BatchResult copyAcross(BucketLocation from, BucketLocation to, List<CopyItem> items, Deadline deadline) {
        return copyAcross(from, to, items, deadline, List.of());
    }

    /** The same, with {@code interceptors} on the mirror's client. */
    private static BatchResult copyAcross(BucketLocation from, BucketLocation to, List<CopyItem> items, Deadline deadline,
            List<ExecutionInterceptor> interceptors) {
        RequestCounter counted = new RequestCounter();
        try (S3ObjectStore source = S3ObjectStore.builder(from).requests(counted).build();
                S3ObjectStore mirror = S3ObjectStore.builder(to).requests(counted).interceptors(interceptors).partSize(PART).streamPartSize(PART).build()) {
            return new BatchCopier(source, mirror, counted, 4, Clock.systemUTC()).copy(items, deadline, () -> true, CopyProgress.NONE);
        }
    }

    private byte[] write(String key, long size) throws Exception {
        byte[] body = new byte[Math.toIntExact(size)];
        new Random(key.hashCode()).nextBytes(body);
        Path file = sourceDir.resolve(key);
        Files.createDirectories(file.getParent() == null ? sourceDir : file.getParent());
        Files.write(file, body);
        return body;
    }
}

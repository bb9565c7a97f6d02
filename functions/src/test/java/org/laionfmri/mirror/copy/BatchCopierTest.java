package org.laionfmri.mirror.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;
import org.laionfmri.mirror.testing.FaultyStore;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** Server-side copies through S3Proxy, with S3's copy limit, throttling and a denying bucket policy. */
class BatchCopierTest {

    private static final long PART = 5L << 20;

    @TempDir
    Path workspace;
    private Path sourceDir;
    private Path mirrorDir;
    private FaultyStore faults;
    private DirectoryBuckets buckets;
    private RequestCounter requests;
    private S3AsyncClient singlePart;
    private S3AsyncClient multipart;
    private BatchCopier copier;

    @BeforeEach
    void serve() throws Exception {
        sourceDir = Files.createDirectory(workspace.resolve("source"));
        mirrorDir = Files.createDirectory(workspace.resolve("mirror"));
        buckets = DirectoryBuckets.builder().maxSinglePartObjectSize(PART)
                .middleware(store -> faults = new FaultyStore(store, PART)).start();
        BucketLocation source = buckets.serve("source", sourceDir);
        BucketLocation mirror = buckets.serve("mirror", mirrorDir);
        requests = new RequestCounter();
        singlePart = S3Clients.createAsync(mirror, requests);
        multipart = S3Clients.createMultipart(mirror, requests, PART);
        copier = new BatchCopier(singlePart, multipart, requests, source, mirror, PART, 4);
    }

    @AfterEach
    void stop() {
        singlePart.close();
        multipart.close();
        buckets.close();
    }

    @Test
    void copiesSmallObjectsWithOneCopyAndLargeOnesInPartsWithIdenticalBytes() throws Exception {
        byte[] small = write("derivatives/rois/sub-01/a_mask.nii.gz", 1_000);
        byte[] large = write("sub-01/ses-04/func/run-01_bold.nii.gz", 2 * PART + 12_345);

        BatchResult result = copier.copy(List.of(
                new CopyItem("derivatives/rois/sub-01/a_mask.nii.gz", small.length),
                new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", large.length)));

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
    void retriesSlowDownToSuccess() throws Exception {
        byte[] body = write("README", 900);
        faults.slowDown("README", 3);

        BatchResult result = copier.copy(List.of(new CopyItem("README", body.length)));

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
                new CopyItem("participants.tsv", fine.length)));

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

        BatchResult result = copier.copy(List.of(new CopyItem("big/denied.bin", PART + 1)));

        assertThat(result.denied()).containsExactly("big/denied.bin");
        assertThat(mirrorDir.resolve("big/denied.bin")).doesNotExist();
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

package org.laionfmri.mirror.local.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.laionfmri.mirror.storage.ObjectStoreContract.body;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.copy.BatchCopier;
import org.laionfmri.mirror.copy.BatchResult;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.CopyProgress;
import org.laionfmri.mirror.copy.Deadline;
import org.laionfmri.mirror.copy.FailedCopy;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.testing.FaultyStore;

/**
 * Batches copied as a local mirror copies them: from S3 into a directory, from a directory into S3 and
 * from directory to directory (S3 served by S3Proxy), the bytes identical; what a source's link, a
 * refusal or a changed source leaves behind: nothing under the key.
 */
class FileObjectStoreCopyTest {

    private static final long PART = 5L << 20;
    /** A small object, an empty one, one above the streamed part size, and one at a depth of folders the mirror lacks. */
    private static final List<CopyItem> ITEMS = List.of(new CopyItem("participants.tsv", 700), new CopyItem("sub-01/ses-04/func/run-01_events.tsv", 0),
            new CopyItem("sub-01/ses-04/func/run-01_bold.nii.gz", 2 * PART + 12_345),
            new CopyItem("derivatives/rois/sub-01/a_mask.nii.gz-0f8fad5b-d9cb-469f-a165-70867728950e", 1_000));

    @TempDir
    Path workspace;
    private Path sourceDir;
    private Path mirrorDir;
    private DirectoryBuckets buckets;
    private FaultyStore faults;
    private final List<ObjectStore> stores = new ArrayList<>();
    private final RequestCounter requests = new RequestCounter();

    @BeforeEach
    void directories() throws IOException {
        sourceDir = Files.createDirectory(workspace.resolve("source"));
        mirrorDir = Files.createDirectory(workspace.resolve("mirror"));
        buckets = DirectoryBuckets.builder().middleware(store -> faults = new FaultyStore(store, PART)).start();
        for (CopyItem item : ITEMS) {
            Files.createDirectories(sourceDir.resolve(item.key()).getParent());
            Files.write(sourceDir.resolve(item.key()), body(item.key(), item.size()));
        }
    }

    @AfterEach
    void stop() {
        stores.forEach(ObjectStore::close);
        buckets.close();
    }

    @Test
    void fromS3IntoADirectory() throws IOException {
        BatchResult result = copy(s3(sourceDir), directory(mirrorDir), ITEMS);

        assertThat(result.failed()).isEmpty();
        assertCopied(result, mirrorDir);
        assertThat(result.s3Requests()).containsKey("GetObject").doesNotContainKeys("PutObject", "CopyObject");
    }

    @Test
    void fromADirectoryIntoS3() throws IOException {
        BatchResult result = copy(directory(sourceDir), s3(mirrorDir), ITEMS);

        assertThat(result.failed()).isEmpty();
        assertCopied(result, mirrorDir);
        assertThat(result.s3Requests()).containsKeys("PutObject", "UploadPart").doesNotContainKeys("GetObject", "CopyObject");
    }

    @Test
    void fromDirectoryToDirectory() throws IOException {
        BatchResult result = copy(directory(sourceDir), directory(mirrorDir), ITEMS);

        assertThat(result.failed()).isEmpty();
        assertCopied(result, mirrorDir);
        assertThat(result.s3Requests()).isEmpty();
    }

    @Test
    void aLinkInTheSourceIsNotCopiedAndAChangedSourceLeavesNothing() throws IOException {
        Path outside = Files.createDirectory(workspace.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for the mirror");
        Files.createSymbolicLink(sourceDir.resolve("sub-01/secret.nii.gz"), outside.resolve("secret.txt"));
        FileObjectStore source = directory(sourceDir);

        BatchResult result = copy(source, directory(mirrorDir), List.of(new CopyItem("sub-01/secret.nii.gz", 18),
                new CopyItem("participants.tsv", 699), new CopyItem("README", 10)));

        assertThat(result.copied()).isZero();
        assertThat(result.failed()).containsExactly(
                new FailedCopy("README", "There is no file " + sourceDir.resolve("README") + " (links are not followed)."),
                new FailedCopy("participants.tsv", "SourceChanged (planned 699 bytes, now 700)"),
                new FailedCopy("sub-01/secret.nii.gz", "There is no file " + sourceDir.resolve("sub-01/secret.nii.gz") + " (links are not followed)."));
        assertThat(filesIn(mirrorDir)).isEmpty();
        try (Stream<Path> temporaries = Files.list(mirrorDir.resolve(".laion-mirror/tmp"))) {
            assertThat(temporaries).isEmpty();
        }
    }

    @Test
    void anObjectTheS3SourceRefusesIsDeniedAndNothingIsWritten() throws IOException {
        ObjectStore source = s3(sourceDir);
        faults.deny("participants.tsv");

        BatchResult result = copy(source, directory(mirrorDir), List.of(ITEMS.get(0), ITEMS.get(1)));

        assertThat(result.denied()).containsExactly("participants.tsv");
        assertThat(result.failed()).isEmpty();
        assertThat(filesIn(mirrorDir)).containsExactly(mirrorDir.resolve("sub-01/ses-04/func/run-01_events.tsv"));
    }

    private BatchResult copy(ObjectStore source, ObjectStore mirror, List<CopyItem> items) {
        return new BatchCopier(source, mirror, requests, 4, Clock.systemUTC()).copy(items, Deadline.none(), () -> true, CopyProgress.NONE);
    }

    private void assertCopied(BatchResult result, Path copiedInto) throws IOException {
        assertThat(result.copied()).isEqualTo(ITEMS.size());
        assertThat(result.bytesCopied()).isEqualTo(ITEMS.stream().mapToLong(CopyItem::size).sum());
        for (CopyItem item : ITEMS) {
            assertThat(copiedInto.resolve(item.key())).as(item.key()).hasBinaryContent(body(item.key(), item.size()));
        }
        assertThat(filesIn(copiedInto)).hasSize(ITEMS.size());
    }

    private FileObjectStore directory(Path root) {
        FileObjectStore store = FileObjectStore.of(root, "laion-mirror-local");
        stores.add(store);
        return store;
    }

    private ObjectStore s3(Path directory) {
        ObjectStore store = S3ObjectStore.builder(buckets.serve(directory.getFileName().toString(), directory))
                .requests(requests).partSize(PART).streamPartSize(PART).build();
        stores.add(store);
        return store;
    }

    /** The regular files below {@code root}, outside the private folder. */
    private static List<Path> filesIn(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> !root.relativize(file).startsWith(".laion-mirror")).toList();
        }
    }
}

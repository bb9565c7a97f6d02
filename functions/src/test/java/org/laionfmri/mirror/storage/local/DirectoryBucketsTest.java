package org.laionfmri.mirror.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Directories served as buckets: what is written follows the umask, and a killed server's links do not linger. */
class DirectoryBucketsTest {

    @TempDir
    Path workspace;

    @Test
    void objectsWrittenIntoADirectoryFollowTheUmask() throws Exception {
        Path mirror = Files.createDirectory(workspace.resolve("mirror"));
        Path created = Files.createFile(workspace.resolve("created-by-a-program"));
        try (DirectoryBuckets buckets = DirectoryBuckets.start()) {
            BucketLocation location = buckets.serve("mirror", mirror);
            try (S3Client s3 = S3Clients.create(location, new RequestCounter())) {
                s3.putObject(put -> put.bucket("mirror").key("derivatives/rois/sub-01/a_mask.nii.gz"), RequestBody.fromString("mask"));
                s3.copyObject(copy -> copy.sourceBucket("mirror").sourceKey("derivatives/rois/sub-01/a_mask.nii.gz")
                        .destinationBucket("mirror").destinationKey("README"));
            }
        }

        String umasked = PosixFilePermissions.toString(Files.getPosixFilePermissions(created));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mirror.resolve("derivatives/rois/sub-01/a_mask.nii.gz"))))
                .isEqualTo(umasked);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mirror.resolve("README")))).isEqualTo(umasked);
    }

    @Test
    void theLinkFolderOfAProcessThatIsGoneIsRemovedAndItsTargetKept() throws Exception {
        Path served = Files.createDirectory(workspace.resolve("served"));
        Files.writeString(served.resolve("README"), "kept");
        Path stale = Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir"), StaleLinkFolders.PREFIX + Integer.MAX_VALUE + "-1"));
        Files.createSymbolicLink(stale.resolve("mirror"), served);

        DirectoryBuckets.start().close();

        assertThat(stale).doesNotExist();
        assertThat(served.resolve("README")).hasContent("kept");
    }
}

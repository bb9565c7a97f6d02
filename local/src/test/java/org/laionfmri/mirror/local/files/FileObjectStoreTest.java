package org.laionfmri.mirror.local.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.laionfmri.mirror.storage.ObjectStoreContract.body;
import static org.laionfmri.mirror.storage.ObjectStoreContract.keys;
import static org.laionfmri.mirror.storage.ObjectStoreContract.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.Transfer;
import org.laionfmri.mirror.error.LinkRefused;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.MirrorNotWritable;
import org.laionfmri.mirror.error.UnsafeKey;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.storage.NoSuchObject;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectUpload;
import org.laionfmri.mirror.storage.SourceChanged;
import org.laionfmri.mirror.storage.SourceObject;

/**
 * What the directory backend does beyond the contract: keys that would leave the root, links never
 * followed (neither listed, read, copied nor written through), temporaries only in the private folder,
 * the umask, metadata that counts only while the file is as written, a source changed during a copy.
 */
class FileObjectStoreTest {

    private static final String UUID_NAMED = "sub-01/func/sub-01_bold.nii.gz-0f8fad5b-d9cb-469f-a165-70867728950e";

    @TempDir
    Path workspace;
    private Path root;
    private Path outside;
    private FileObjectStore mirror;

    @BeforeEach
    void directories() throws IOException {
        root = Files.createDirectory(workspace.resolve("mirror"));
        outside = Files.createDirectory(workspace.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for the mirror");
        mirror = FileObjectStore.of(root, "laion-mirror-local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/escaped.txt", "sub-01/../../outside/escaped.txt", "/tmp/escaped.txt", "", "sub-01//T1w.nii.gz",
            "sub-01/./T1w.nii.gz", "sub-01/", "sub-01/..", ".laion-mirror/state.json", "nul\0byte.txt", "lone\ud800surrogate.txt"})
    void keysThatWouldLeaveTheRootOrNameNoFileAreRefusedWithTheKeyNamed(String key) throws IOException {
        String named = Messages.quoted(key);
        try (Transfer transfer = mirror.transferFrom(FileObjectStore.of(outside, "source"), 1)) {
            List<Runnable> uses = List.of(() -> mirror.put(key, body(key, 5), "text/plain"), () -> mirror.upload(key, Map.of()),
                    () -> mirror.head(key), () -> mirror.read(key), () -> mirror.delete(key), () -> mirror.openSource(key, 5),
                    () -> transfer.copy(new CopyItem(key, 5)).join());
            for (Runnable use : uses) {
                assertThatThrownBy(use::run).satisfiesAnyOf(
                        refused -> assertThat(refused).isInstanceOf(UnsafeKey.class).hasMessageContaining(named),
                        refused -> assertThat(refused).hasCauseInstanceOf(UnsafeKey.class).cause().hasMessageContaining(named));
            }
        }

        assertThat(root).isEmptyDirectory();
        try (Stream<Path> files = Files.walk(workspace)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(outside.resolve("secret.txt"));
        }
    }

    @Test
    void prefixesThatWouldLeaveTheRootAreRefused() {
        assertThatThrownBy(() -> mirror.pages("../outside/")).isInstanceOf(UnsafeKey.class).hasMessageContaining("\"../outside/\"");
        assertThatThrownBy(() -> mirror.childPrefixes("sub-01/../../")).isInstanceOf(UnsafeKey.class);
        assertThatThrownBy(() -> mirror.pages("/etc/")).isInstanceOf(UnsafeKey.class);
        assertThatThrownBy(() -> mirror.pages(".laion-mirror/tmp/")).isInstanceOf(UnsafeKey.class);
    }

    @Test
    void aNameOfMoreThan255BytesIsRefusedAndOneOf255IsStored() {
        String longest = "a".repeat(251) + ".txt";
        String tooLong = "\u00e9".repeat(128) + ".gz"; // 128 characters, 259 bytes

        mirror.put("sub-01/" + longest, body("longest", 3), "text/plain");

        assertThat(keys(mirror, "")).containsExactly("sub-01/" + longest);
        assertThatThrownBy(() -> mirror.put("sub-01/" + tooLong, body("too long", 3), "text/plain"))
                .isInstanceOf(UnsafeKey.class).hasMessageContaining(tooLong).hasMessageContaining("259 bytes");
    }

    @Test
    void listsTheSampleAsS3DoesAPageAtATime() {
        List<ObjectEntry> sample = SampleBucket.nominalEntries();
        SampleBucket.writeDirectory(root, sample);

        List<List<ObjectEntry>> pages = new ArrayList<>();
        mirror.pages("").forEachRemaining(pages::add);

        assertThat(pages).hasSize((sample.size() + 999) / 1000).allMatch(page -> page.size() <= 1000);
        assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(SampleBucket.materialised(sample));
        assertThat(mirror.warnings()).isEmpty();
    }

    @Test
    void aRootThatIsNotAFolderFailsTheListingInOneLineNamingIt() throws IOException {
        Path file = Files.writeString(workspace.resolve("a-file"), "not a folder");
        FileObjectStore store = FileObjectStore.of(file, "laion-mirror-local");

        assertThatThrownBy(() -> keys(store, "")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not read " + file + ": it is not a folder.");
    }

    @Test
    void anUnreadableFolderFailsTheListingInOneLineNamingIt() throws IOException {
        Path unreadable = Files.createDirectories(root.resolve("sub-01/anat"));
        Files.write(unreadable.resolve("T1w.nii.gz"), body("t1", 10));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(unreadable), "this user (root) reads every folder: a permission cannot be taken from it");

            assertThatThrownBy(() -> keys(mirror, "")).isInstanceOf(UncheckedIOException.class)
                    .hasMessage("Permission denied reading " + unreadable + ": make it readable for you (chmod u+r, and u+x for a folder).");
        } finally {
            Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aLinkInASourceFolderPointingOutsideIsNeitherListedNorReadAndIsWarnedAbout() throws IOException {
        Files.createDirectories(root.resolve("sub-01/anat"));
        Files.write(root.resolve("sub-01/anat/T1w.nii.gz"), body("t1", 10));
        Files.createSymbolicLink(root.resolve("sub-01/anat/secret.nii.gz"), outside.resolve("secret.txt"));

        assertThat(keys(mirror, "")).containsExactly("sub-01/anat/T1w.nii.gz");
        assertThat(mirror.warnings()).containsExactly("Left out " + root.resolve("sub-01/anat/secret.nii.gz")
                + ": a symbolic link, and links are not followed.");
        assertThat(mirror.head("sub-01/anat/secret.nii.gz")).isEmpty();
        assertThatThrownBy(() -> mirror.read("sub-01/anat/secret.nii.gz")).isInstanceOf(NoSuchObject.class);
        assertThatThrownBy(() -> mirror.openSource("sub-01/anat/secret.nii.gz", 18)).isInstanceOf(NoSuchObject.class);
    }

    @Test
    void aLinkedFolderIsNotWalkedNorAChildPrefix() throws IOException {
        Files.createDirectories(outside.resolve("anat"));
        Files.write(outside.resolve("anat/T1w.nii.gz"), body("elsewhere", 10));
        Files.createDirectories(root.resolve("sub-01/anat"));
        Files.write(root.resolve("sub-01/anat/T1w.nii.gz"), body("t1", 10));
        Files.createSymbolicLink(root.resolve("sub-02"), outside);
        Files.createDirectories(root.resolve("sub-03/anat"));
        Files.createSymbolicLink(root.resolve("sub-03/anat/T1w.nii.gz"), outside.resolve("anat/T1w.nii.gz"));

        assertThat(keys(mirror, "")).containsExactly("sub-01/anat/T1w.nii.gz");
        assertThat(keys(mirror, "sub-02/")).isEmpty();
        assertThat(mirror.childPrefixes("")).containsExactly("sub-01/");
        assertThatThrownBy(() -> mirror.read("sub-02/anat/T1w.nii.gz")).isInstanceOf(NoSuchObject.class);
        assertThat(mirror.warnings()).containsExactlyInAnyOrder(
                "Left out " + root.resolve("sub-02") + ": a symbolic link, and links are not followed.",
                "Left out " + root.resolve("sub-03/anat/T1w.nii.gz") + ": a symbolic link, and links are not followed.");
    }

    @Test
    void aSpecialFileIsLeftOutAndNeverOpened() throws Exception {
        Files.write(root.resolve("README"), body("readme", 4));
        run("mkfifo", root.resolve("pipe.nii.gz").toString());

        assertThat(keys(mirror, "")).containsExactly("README");
        assertThat(mirror.warnings()).containsExactly("Left out " + root.resolve("pipe.nii.gz")
                + ": a special file (a pipe, a socket or a device), not a regular file.");
        assertThatThrownBy(() -> mirror.read("pipe.nii.gz")).isInstanceOf(NoSuchObject.class);
    }

    @Test
    void aNameThatIsNotUtf8IsLeftOutWithAWarning() throws Exception {
        Files.write(root.resolve("README"), body("readme", 4));
        run("sh", "-c", "printf x > \"$1/$(printf 'bad\\377name')\"", "sh", root.toString());

        assertThat(keys(mirror, "")).containsExactly("README");
        assertThat(mirror.warnings()).singleElement().asString().contains("its name is not UTF-8");
    }

    @Test
    void warningsNameAHundredLinksAndCountTheRest() throws IOException {
        for (int i = 0; i < 105; i++) {
            Files.createSymbolicLink(root.resolve(String.format("link-%03d", i)), outside.resolve("secret.txt"));
        }

        keys(mirror, "");
        keys(mirror, "link-0");

        assertThat(mirror.warnings()).hasSize(101)
                .startsWith("Left out " + root.resolve("link-000") + ": a symbolic link, and links are not followed.")
                .endsWith("Left out 5 more symbolic links or special files in " + root + ".");
    }

    @Test
    void aLinkPlantedAtAKeyIsReplacedAndItsTargetUntouched() throws Exception {
        Files.createDirectories(root.resolve("sub-01/anat"));
        Files.createSymbolicLink(root.resolve("sub-01/anat/T1w.nii.gz"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("participants.tsv"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("README"), outside.resolve("secret.txt"));
        FileObjectStore source = FileObjectStore.of(Files.createDirectory(workspace.resolve("source")), "source");
        source.put("README", body("readme", 40), "text/plain");

        mirror.put("sub-01/anat/T1w.nii.gz", body("t1", 100), "application/gzip");
        try (ObjectUpload upload = mirror.upload("participants.tsv", Map.of())) {
            upload.stream().write(body("participants", 30));
            upload.commit();
        }
        try (Transfer transfer = mirror.transferFrom(source, 2)) {
            transfer.copy(new CopyItem("README", 40)).join();
        }

        for (String key : List.of("sub-01/anat/T1w.nii.gz", "participants.tsv", "README")) {
            assertThat(root.resolve(key)).isRegularFile().satisfies(file -> assertThat(Files.isSymbolicLink(file)).isFalse());
        }
        assertThat(read(mirror, "sub-01/anat/T1w.nii.gz")).isEqualTo(body("t1", 100));
        assertThat(read(mirror, "README")).isEqualTo(body("readme", 40));
        assertThat(outside.resolve("secret.txt")).hasContent("not for the mirror");
    }

    @Test
    void aLinkedFolderOnAKeysWayIsNeverWrittenThroughNorDeletedThrough() throws IOException {
        Files.write(outside.resolve("T1w.nii.gz"), body("elsewhere", 10));
        Files.createSymbolicLink(root.resolve("sub-02"), outside);

        assertThatThrownBy(() -> mirror.put("sub-02/anat.nii.gz", body("t1", 10), "application/gzip"))
                .isInstanceOf(LinkRefused.class)
                .hasMessage("Cannot store \"sub-02/anat.nii.gz\": " + root.resolve("sub-02") + " is a symbolic link, and links are not followed,"
                        + " so nothing is written under it; move it away (or put the folder it points to in its place), then run the command again.");
        mirror.delete("sub-02/T1w.nii.gz");
        mirror.delete("sub-02");

        assertThat(outside.resolve("T1w.nii.gz")).hasBinaryContent(body("elsewhere", 10));
        assertThat(outside.resolve("anat.nii.gz")).doesNotExist();
        assertThat(root.resolve("sub-02")).isSymbolicLink();
    }

    @Test
    void anObjectCannotTakeTheNameOfAFolder() throws IOException {
        Files.createDirectories(root.resolve("sub-01/anat"));

        assertThatThrownBy(() -> mirror.put("sub-01/anat", body("x", 3), "text/plain"))
                .hasMessage("Cannot store \"sub-01/anat\": " + root.resolve("sub-01/anat")
                        + " is a folder, and a file cannot take its name; move it away, then run the command again.");
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void aFileNamedLikeATemporaryIsAnOrdinaryObjectThatSurvivesEverything() throws Exception {
        Files.createDirectories(root.resolve("sub-01/func"));
        Files.write(root.resolve(UUID_NAMED), body("uuid", 64));
        FileObjectStore source = FileObjectStore.of(Files.createDirectory(workspace.resolve("source")), "source");
        source.put("sub-01/func/sub-01_events.tsv", body("events", 20), "text/plain");

        mirror.removeTemporaries();
        mirror.proveWritable("_mirror/runs/r1/write-probe");
        mirror.put("sub-01/func/sub-01_bold.nii.gz", body("bold", 64), "application/gzip");
        mirror.upload("sub-01/func/sub-01_bold.json", Map.of()).close();
        try (Transfer transfer = mirror.transferFrom(source, 2)) {
            transfer.copy(new CopyItem("sub-01/func/sub-01_events.tsv", 20)).join();
        }
        mirror.removeTemporaries();

        assertThat(keys(mirror, "")).containsExactly("sub-01/func/sub-01_bold.nii.gz", UUID_NAMED, "sub-01/func/sub-01_events.tsv");
        assertThat(read(mirror, UUID_NAMED)).isEqualTo(body("uuid", 64));
    }

    @Test
    void temporariesAreNeverListedAndRemovingThemLeavesTheRestOfThePrivateFolder() throws Exception {
        ObjectUpload unfinished = mirror.upload("stimuli/task-images_stimuli.h5", Map.of("sha256", "ab"));
        unfinished.stream().write(body("partial", 100_000));
        unfinished.stream().flush();
        Path privateFolder = root.resolve(".laion-mirror");
        Files.writeString(privateFolder.resolve("state.json"), "{}");
        Files.writeString(privateFolder.resolve("lock"), "");
        Files.createDirectories(root.resolve("sub-01/.laion-mirror"));
        Files.write(root.resolve("sub-01/.laion-mirror/kept.txt"), body("kept", 3));

        assertThat(temporaries()).hasSize(1);
        assertThat(keys(mirror, "")).containsExactly("sub-01/.laion-mirror/kept.txt");
        assertThat(mirror.childPrefixes("")).containsExactly("sub-01/");

        mirror.removeTemporaries();
        unfinished.close();

        assertThat(temporaries()).isEmpty();
        assertThat(privateFolder.resolve("state.json")).hasContent("{}");
        assertThat(privateFolder.resolve("lock")).exists();
        assertThat(keys(mirror, "")).containsExactly("sub-01/.laion-mirror/kept.txt");
    }

    @Test
    void filesAndFoldersFollowTheUmaskAndThePrivateFolderIsOwnerOnly() throws IOException {
        Path reference = Files.createDirectory(workspace.resolve("reference"));
        Set<PosixFilePermission> file = Files.getPosixFilePermissions(Files.createFile(reference.resolve("file")));
        Set<PosixFilePermission> folder = Files.getPosixFilePermissions(Files.createDirectory(reference.resolve("folder")));
        FileObjectStore source = FileObjectStore.of(Files.createDirectory(workspace.resolve("source")), "source");
        source.put("sub-01/events.tsv", body("events", 9), "text/plain");

        mirror.put("sub-01/anat/T1w.nii.gz", body("t1", 9), "application/gzip");
        try (ObjectUpload upload = mirror.upload("stimuli/task-images_stimuli.h5", Map.of("sha256", "ab"))) {
            upload.commit();
        }
        try (Transfer transfer = mirror.transferFrom(source, 1)) {
            transfer.copy(new CopyItem("sub-01/events.tsv", 9)).join();
        }

        for (String key : List.of("sub-01/anat/T1w.nii.gz", "stimuli/task-images_stimuli.h5", "sub-01/events.tsv")) {
            assertThat(Files.getPosixFilePermissions(root.resolve(key))).as(key).isEqualTo(file);
        }
        for (String key : List.of("sub-01", "sub-01/anat", "stimuli")) {
            assertThat(Files.getPosixFilePermissions(root.resolve(key))).as(key).isEqualTo(folder);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(".laion-mirror")))).isEqualTo("rwx------");
    }

    @Test
    void metadataCountsOnlyWhileTheFileIsAsWritten() throws IOException {
        try (ObjectUpload upload = mirror.upload("stimuli/task-images_stimuli.h5", Map.of("SHA256", "ab12"))) {
            upload.stream().write(body("stimuli", 1_000));
            upload.commit();
        }
        assertThat(mirror.head("stimuli/task-images_stimuli.h5").orElseThrow().metadata()).isEqualTo(Map.of("sha256", "ab12"));

        Files.setLastModifiedTime(root.resolve("stimuli/task-images_stimuli.h5"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(mirror.head("stimuli/task-images_stimuli.h5").orElseThrow().metadata()).isEmpty();

        mirror.put("stimuli/task-images_stimuli.h5", body("stimuli", 1_000), "application/octet-stream");
        assertThat(mirror.head("stimuli/task-images_stimuli.h5").orElseThrow().metadata()).isEmpty();

        mirror.delete("stimuli/task-images_stimuli.h5");
        assertThat(root.resolve(".laion-mirror/metadata")).isEmptyDirectory();
    }

    @Test
    void aSourceAppendedToOrRewrittenDuringACopyIsSourceChanged() throws Exception {
        Files.createDirectories(root.resolve("sub-01/func"));
        Path bold = root.resolve("sub-01/func/bold.nii.gz");
        Files.write(bold, body("bold", 1_000));

        try (SourceObject source = mirror.openSource("sub-01/func/bold.nii.gz", 1_000)) {
            source.range(0, 500).readAllBytes();
            Files.write(bold, body("more", 10), StandardOpenOption.APPEND);
            assertThatThrownBy(() -> source.range(500, 500).readAllBytes()).isInstanceOf(SourceChanged.class)
                    .hasMessage("SourceChanged (planned 1000 bytes, now 1010)");
        }
        Files.write(bold, body("bold", 1_000));
        try (SourceObject source = mirror.openSource("sub-01/func/bold.nii.gz", 1_000)) {
            Files.setLastModifiedTime(bold, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
            assertThatThrownBy(() -> source.range(0, 1_000).readAllBytes()).isInstanceOf(SourceChanged.class)
                    .hasMessage("SourceChanged (it changed while it was copied)");
        }
    }

    @Test
    void proveWritableFailsInOneLineNamingTheFolder() throws IOException {
        Files.writeString(root.resolve("_mirror"), "a file where the workflow keeps its folder");

        assertThatThrownBy(() -> mirror.proveWritable("_mirror/runs/r1/write-probe")).isInstanceOf(MirrorNotWritable.class)
                .hasMessage("Cannot store \"_mirror/runs/r1/write-probe\": " + root.resolve("_mirror")
                        + " is a file, not a folder; move it away, then run the command again.");
    }

    @Test
    void aMissingRootIsAnEmptyStoreUntilAWriteMakesIt() {
        FileObjectStore later = FileObjectStore.of(workspace.resolve("not/yet"), "laion-mirror-local");

        assertThat(keys(later, "")).isEmpty();
        assertThat(later.childPrefixes("")).isEmpty();
        assertThat(later.head("README")).isEmpty();
        later.removeTemporaries();
        assertThat(workspace.resolve("not")).doesNotExist();

        later.put("README", body("readme", 6), "text/plain");
        assertThat(later.pages("").next()).containsExactly(new ObjectEntry("README", 6));
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".laion-mirror/tmp"))) {
            return files.toList();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}

package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.datadir.DataDirectory;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.AccessServiceStub;
import org.laionfmri.mirror.testing.MirrorHarness;

/** {@code laion-mirror pull}: a laion_fmri data directory filled from the mirror, as the package lays it out. */
class PullTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] IMAGES = "stimulus pixels".getBytes(StandardCharsets.UTF_8);
    private static final byte[] METADATA = "id\n1\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path workspace;
    private static Path mirror;
    private static Set<String> selected;
    private static AccessServiceStub accessService;

    @BeforeAll
    static void makeAMirror() throws IOException {
        Path sample = workspace.resolve("sample");
        SampleBucket.writeDirectory(sample, SampleBucket.nominalEntries());
        mirror = workspace.resolve("mirror");
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
        assertThat(CommandRun.of("sync", "--local", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01", "--ses", "04",
                "--include-anatomical").exitCode()).isZero();
        selected = keys(mirror);
        Files.createDirectories(mirror.resolve("stimuli"));
        Files.write(mirror.resolve("stimuli/task-images_stimuli.h5"), IMAGES);
        Files.write(mirror.resolve("stimuli/task-images_metadata.csv"), METADATA);
        accessService = AccessServiceStub.serving(Map.of("task-images_stimuli.h5", IMAGES, "task-images_metadata.csv", METADATA));
    }

    @AfterAll
    static void stop() {
        accessService.close();
    }

    @Test
    void aDataDirectoryHoldsExactlyTheUpstreamPathsAndASecondPullCopiesNothing() throws IOException {
        Path data = workspace.resolve("data-1");

        CommandRun pull = CommandRun.of("pull", "--from", mirror.toString(), "--data-dir", data.toString(), "--yes", "--subject", "01", "--ses", "04",
                "--include-anatomical", "--include-stimuli", "--access-service", accessService.baseUri().toString());

        assertThat(pull.exitCode()).as(pull.err()).isZero();
        Set<String> expected = new TreeSet<>();
        selected.forEach(key -> expected.add(DataDirectory.localName(key)));
        expected.addAll(List.of(".laion_fmri/license_accepted", "stimuli/task-images_stimuli.h5", "stimuli/task-images_metadata.csv"));
        assertThat(keys(data)).isEqualTo(expected);
        assertThat(expected).contains("derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA1_mask.label",
                "stimuli/task-images_stimuli.h5");
        for (String key : selected) {
            assertThat(Files.mismatch(data.resolve(DataDirectory.localName(key)), mirror.resolve(key))).as(key).isEqualTo(-1);
        }
        assertThat(data.resolve("stimuli/task-images_stimuli.h5")).hasBinaryContent(IMAGES);
        assertThat(pull.err()).contains("Pulled " + (selected.size() + 2) + " files").contains("Point the laion_fmri package at it: laion-fmri config"
                + " --data-dir " + data);

        CommandRun again = CommandRun.of("pull", "--from", mirror.toString(), "--data-dir", data.toString(), "--subject", "01", "--ses", "04",
                "--include-anatomical", "--include-stimuli", "--access-service", accessService.baseUri().toString(), "--json");

        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).contains("Pulled 0 files (0 B)").doesNotContain("I AGREE");
        JsonNode outcome = JSON.readTree(again.out());
        assertThat(outcome.path("dataDir").asText()).isEqualTo(data.toString());
        assertThat(outcome.path("pulled").asLong()).isZero();
        assertThat(outcome.path("inPlace").asLong()).isEqualTo(selected.size());
        assertThat(auths()).isEmpty();
    }

    @Test
    void theLicenceMarkerIsWrittenOnlyWhenThePersonPullingAcceptsIt() throws IOException {
        Path data = workspace.resolve("data-2");

        CommandRun declined = CommandRun.withInput("no\n", "pull", "--from", mirror.toString(), "--data-dir", data.toString(), "--subject", "01");

        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).contains("LicenseNotAccepted: The licence was not accepted").contains("nothing was pulled");
        assertThat(data).doesNotExist();

        CommandRun accepted = CommandRun.withInput("I AGREE\n", "pull", "--from", mirror.toString(), "--data-dir", data.toString(), "--subject", "01");

        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(data.resolve(".laion_fmri/license_accepted")).exists();
    }

    @Test
    void writeConfigPointsThePackageAtTheDataDirectory() throws Exception {
        Path data = workspace.resolve("data-5");
        Path configHome = workspace.resolve("config-home"); // the package's configuration in the test's own folder, never the user's

        try (CommandProcess pull = CommandProcess.start(workspace, Map.of("XDG_CONFIG_HOME", configHome.toString()), List.of(),
                "pull", "--from", mirror.toString(), "--data-dir", data.toString(), "--yes", "--subject", "01", "--write-config")) {
            assertThat(pull.exitCode(Duration.ofSeconds(60))).as(pull.err()).isZero();
            assertThat(pull.err()).contains("The laion_fmri package now reads " + data);
        }
        assertThat(JSON.readTree(configHome.resolve("laion_fmri/config.json").toFile())
                .path("data_dir").asText()).isEqualTo(data.toString());
    }

    @Test
    void aStimulusFileThatDoesNotMatchTheManifestIsRefusedAndNotWritten() throws IOException {
        Path corrupted = workspace.resolve("corrupted-mirror");
        Files.createDirectories(corrupted.resolve("stimuli"));
        for (String key : selected) {
            Files.createDirectories(corrupted.resolve(key).getParent());
            Files.copy(mirror.resolve(key), corrupted.resolve(key));
        }
        Files.write(corrupted.resolve("stimuli/task-images_stimuli.h5"), "stimulus PIXELS".getBytes(StandardCharsets.UTF_8));
        Path data = workspace.resolve("data-3");

        CommandRun pull = CommandRun.of("pull", "--from", corrupted.toString(), "--data-dir", data.toString(), "--yes", "--subject", "01",
                "--include-stimuli", "--access-service", accessService.baseUri().toString());

        assertThat(pull.exitCode()).isEqualTo(1);
        assertThat(pull.err()).contains("IntegrityError: stimuli/task-images_stimuli.h5 in the mirror has 15 bytes with sha256");
        assertThat(data.resolve("stimuli/task-images_stimuli.h5")).doesNotExist();
        assertThat(data.resolve("stimuli/task-images_stimuli.h5.part")).doesNotExist();
        assertThat(data.resolve(".laion_fmri/license_accepted")).as("written at the acceptance, before the pull failed").exists();
    }

    @Test
    void aKilledPullResumesAndLeavesNoPartialFileUnderAFinalName() throws Exception {
        Path large = workspace.resolve("large-mirror");
        List<String> big = selected.stream().filter(key -> key.startsWith("derivatives/anatomical/")).limit(12).toList();
        for (String key : selected) {
            Files.createDirectories(large.resolve(key).getParent());
            Files.copy(mirror.resolve(key), large.resolve(key));
        }
        byte[] body = new byte[30 << 20];
        new java.util.Random(7).nextBytes(body);
        for (String key : big) {
            Files.write(large.resolve(key), body);
        }
        Path data = workspace.resolve("data-4");
        String[] args = {"pull", "--from", large.toString(), "--data-dir", data.toString(), "--yes", "--subject", "01", "--ses", "04",
                "--include-anatomical", "--n-jobs", "2"};

        try (CommandProcess pull = CommandProcess.start(workspace, List.of(), args)) {
            assertThat(pull.awaitErr("CC0 1.0", Duration.ofSeconds(30))).as(pull.err()).isTrue();
            Thread.sleep(2500); // some of the large files are being written
            pull.signal("KILL");
            pull.exitCode(Duration.ofSeconds(30));
        }
        assertThat(data.resolve(".laion_fmri/license_accepted")).as("written at the acceptance, before the pull was killed").exists();
        for (String key : selected) {
            Path local = data.resolve(DataDirectory.localName(key));
            if (Files.exists(local)) {
                assertThat(Files.mismatch(local, large.resolve(key))).as("whole or absent: " + key).isEqualTo(-1);
            }
        }

        CommandRun rerun = CommandRun.of(args);

        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        for (String key : selected) {
            assertThat(Files.mismatch(data.resolve(DataDirectory.localName(key)), large.resolve(key))).as(key).isEqualTo(-1);
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(file -> file.toString().endsWith(DataDirectory.PART))).isEmpty();
        }
    }

    @Test
    void stimulusImagesThePolicyKeepsFromThePersonPullingAreSaidOnceAndTheRestIsPulled() throws IOException {
        try (MirrorHarness harness = MirrorHarness.start(workspace.resolve("store"))) {
            for (String key : selected.stream().filter(key -> key.startsWith("derivatives/rois/sub-01/")).toList()) {
                harness.writeMirror(key, Files.readAllBytes(mirror.resolve(key)));
            }
            harness.writeMirror("stimuli/task-images_stimuli.h5", IMAGES);
            harness.writeMirror("stimuli/task-images_metadata.csv", METADATA);
            harness.faults().deny("stimuli/task-images_stimuli.h5");
            Path data = workspace.resolve("data-5");
            System.setProperty("aws.accessKeyId", "local");
            System.setProperty("aws.secretAccessKey", "local");
            try {
                CommandRun pull = CommandRun.of("pull", "--from", "s3://" + harness.mirror().bucket(), "--from-endpoint",
                        harness.mirror().endpoint().toString(), "--data-dir", data.toString(), "--yes", "--subject", "01", "--include-stimuli",
                        "--access-service", accessService.baseUri().toString());

                assertThat(pull.exitCode()).as(pull.err()).isZero();
                assertThat(pull.err()).containsOnlyOnce("the bucket's policy does not let you read them (ask lab IT); the rest is pulled.");
                assertThat(data.resolve("stimuli/task-images_stimuli.h5")).doesNotExist();
                assertThat(data.resolve("derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA1_mask.label")).exists();
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }

    /** The data directory holds no package credentials: a mirror tool never writes auth.json. */
    private static List<Path> auths() throws IOException {
        try (Stream<Path> files = Files.walk(workspace)) {
            return files.filter(file -> file.getFileName().toString().equals("auth.json")).toList();
        }
    }

    /** The files under {@code root}, the mirror's state and run records aside. */
    private static Set<String> keys(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return new TreeSet<>(files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString())
                    .filter(key -> !key.startsWith(".laion-mirror/") && !key.startsWith("_mirror/")).toList());
        }
    }
}

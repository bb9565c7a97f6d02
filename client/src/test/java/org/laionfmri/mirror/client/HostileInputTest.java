package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.datadir.DataDirectory;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.testing.FakeS3;

/**
 * {@code pull} from a mirror that holds what no mirror should, into a data directory where others
 * planted links, and {@code sync} from such a source: whatever the store holds and whatever links the
 * directory holds, no file outside the data directory (or the mirror) is created or changed, and each
 * file refused is named on its own line.
 */
class HostileInputTest {

    private static final String FREESURFER = "derivatives/freesurfer/sub-01/";
    private static final String ESCAPING = FREESURFER + "../../../../escaped";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;
    private static FakeS3 s3;
    /** The sample's keys of subject 01 as the fake mirror serves them, with their bodies. */
    private static final Map<String, byte[]> SUBJECT_01 = new TreeMap<>();

    private Path data;
    private Path outside;
    private Map<String, String> outsideBefore;

    @BeforeAll
    static void serveAMirror() throws IOException {
        s3 = FakeS3.start();
        for (ObjectEntry entry : SampleBucket.nominalEntries()) {
            if (entry.key().contains("sub-01/") || !entry.key().contains("/")) {
                SUBJECT_01.put(entry.key(), SampleBucket.body(entry.key(), SampleBucket.bodySize(entry.size())));
            }
        }
        SUBJECT_01.forEach((key, body) -> s3.put("mirror", key, body));
        s3.put("hostile", ESCAPING, bytes("escaped"));
        s3.put("hostile", FREESURFER + "mri/./dotted", bytes("dotted"));
        s3.put("hostile", FREESURFER + "mri//doubled", bytes("doubled"));
        s3.put("hostile", FREESURFER + "mri/T1.mgz", bytes("T1"));
        SUBJECT_01.keySet().stream().filter(key -> key.startsWith(FREESURFER)).forEach(key -> s3.put("escaping", key, SUBJECT_01.get(key)));
        s3.put("escaping", ESCAPING, bytes("escaped"));
        s3.put("escaping", FREESURFER + "mri/a/../../../../../x", bytes("escaped too"));
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @BeforeEach
    void aDataDirectoryBesideOthersFiles(TestInfo test) throws IOException {
        Path nest = Files.createDirectories(workspace.resolve(test.getTestMethod().orElseThrow().getName()).resolve("home/ada"));
        data = nest.resolve("laion-fmri");
        outside = Files.createDirectories(nest.resolve("own"));
        Files.writeString(outside.resolve("thesis.tex"), "years of work");
        outsideBefore = contents(nest, data);
    }

    @Test
    void keysThatWouldLeaveTheDataDirectoryAreRefusedNamedAndCountedAndTheRestIsPulled() throws IOException {
        CommandRun pull = pull("hostile", "--include-freesurfer", "--json");

        assertThat(pull.exitCode()).as(pull.err()).isEqualTo(1);
        assertThat(pull.err()).contains("laion-mirror: UnsafeKey: \"" + ESCAPING + "\" has a \"..\" name, so its path could lead out of " + data
                        + ": it was refused, and nothing was written for it.\n")
                .contains("laion-mirror: UnsafeKey: \"" + FREESURFER + "mri/./dotted\" has a \".\" name")
                .contains("laion-mirror: UnsafeKey: \"" + FREESURFER + "mri//doubled\" has an empty name (a leading, doubled or trailing /)")
                .endsWith("laion-mirror: PullIncomplete: 3 of the 4 files selected could not be pulled (each is said above); the rest is in " + data
                        + ". Pull again once the mirror is whole: what is in place is not read again.\n")
                .doesNotContain("Exception");
        JsonNode outcome = JSON.readTree(pull.out());
        assertThat(outcome.path("pulled").asLong()).isEqualTo(1);
        assertThat(outcome.path("failed").findValuesAsText("key")).containsExactlyInAnyOrder(ESCAPING, FREESURFER + "mri/./dotted",
                FREESURFER + "mri//doubled");
        assertThat(data.resolve(FREESURFER + "mri/T1.mgz")).hasContent("T1");
        assertThat(contents(data.getParent(), data)).as("nothing beside the data directory").isEqualTo(outsideBefore);
        assertThat(data.resolve(FREESURFER + "mri/dotted")).doesNotExist();
    }

    @Test
    void linksPlantedInTheDataDirectoryAreNeverWrittenThrough() throws IOException {
        Path victim = outside.resolve("thesis.tex");
        String roiFolder = "derivatives/glmsingle-tedana";
        String anyFreesurferFile = SUBJECT_01.keySet().stream().filter(key -> key.startsWith(FREESURFER)).findFirst().orElseThrow();
        Files.createDirectories(data.resolve(anyFreesurferFile).getParent());
        Files.createSymbolicLink(data.resolve(anyFreesurferFile + DataDirectory.PART), victim); // a stale .part, planted
        Files.createSymbolicLink(data.resolve("README"), victim); // a file in place, as a link
        Files.createDirectories(data.resolve("derivatives"));
        Files.createSymbolicLink(data.resolve(roiFolder), outside); // a folder, as a link out
        Files.createDirectories(data.resolve(".laion_fmri"));
        Files.createSymbolicLink(data.resolve(".laion_fmri/license_accepted"), outside.resolve("created-through-the-marker"));
        long underTheLinkedFolder = SUBJECT_01.keySet().stream().filter(key -> key.startsWith(roiFolder + "/")).count();

        CommandRun pull = pull("mirror", "--include-freesurfer", "--ses", "04");

        assertThat(pull.exitCode()).as(pull.err()).isEqualTo(1);
        assertThat(pull.err().lines().filter(line -> line.startsWith("laion-mirror: LinkRefused: "))).hasSizeBetween(1, (int) underTheLinkedFolder)
                .allSatisfy(line -> assertThat(line).matches("laion-mirror: LinkRefused: Cannot store \"" + Pattern.quote(roiFolder + "/") + "[^\"]+\": "
                        + Pattern.quote(data.resolve(roiFolder) + " is a symbolic link, and links are not followed, so nothing is written under it;"
                                + " move it away (or put the folder it points to in its place), then run the command again.")));
        assertThat(contents(data.getParent(), data)).as("nothing outside the data directory changed").isEqualTo(outsideBefore);
        assertThat(data.resolve(anyFreesurferFile)).isRegularFile().hasBinaryContent(SUBJECT_01.get(anyFreesurferFile));
        assertThat(data.resolve(anyFreesurferFile + DataDirectory.PART)).doesNotExist();
        assertThat(data.resolve("README")).isRegularFile().hasBinaryContent(SUBJECT_01.get("README"));
        assertThat(data.resolve(".laion_fmri/license_accepted")).isRegularFile().isEmptyFile();
    }

    @Test
    void aKeyThatLeavesTheMirrorDuringThePullIsNamedAndNoPartIsLeft() throws Exception {
        List<String> freesurfer = SUBJECT_01.keySet().stream().filter(key -> key.startsWith(FREESURFER)).limit(2).toList();
        s3.put("changing", freesurfer.get(0), SUBJECT_01.get(freesurfer.get(0)));
        s3.put("changing", freesurfer.get(1), SUBJECT_01.get(freesurfer.get(1)));
        s3.stall(freesurfer.get(0), Duration.ofSeconds(3)); // being written when the other one turns out gone
        s3.vanish(freesurfer.get(1));

        try (CommandProcess pull = CommandProcess.start(workspace, List.of("-Daws.accessKeyId=fake", "-Daws.secretAccessKey=fake"), "pull", "--from",
                "s3://changing", "--from-endpoint", s3.endpoint().toString(), "--data-dir", data.toString(), "--yes", "--subject", "01",
                "--include-freesurfer", "--n-jobs", "2")) {
            assertThat(pull.exitCode(Duration.ofMinutes(1))).as(pull.err()).isEqualTo(1);
            assertThat(pull.err()).contains("laion-mirror: NoSuchKey: \"" + freesurfer.get(1) + "\" is no longer in the mirror: it changed after it"
                    + " was listed (a sync writing into it?), and nothing was written for it.\n").doesNotContain("HTTP 404");
        }
        assertThat(data.resolve(freesurfer.get(0))).hasBinaryContent(SUBJECT_01.get(freesurfer.get(0)));
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(file -> file.toString().endsWith(DataDirectory.PART))).isEmpty();
        }
    }

    @Test
    void aSyncFromASourceWithKeysThatWouldLeaveTheMirrorCountsThemFailedAndWritesNothingOutsideIt() throws IOException {
        Path mirror = data.resolveSibling("mirror");
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
        Map<String, String> before = contents(data.getParent(), mirror);

        CommandRun sync = CommandRun.of("sync", "--local", "--source", "s3://escaping", "--source-endpoint", s3.endpoint().toString(), "--dest",
                mirror.toString(), "--subject", "01", "--include-freesurfer", "--json");

        assertThat(sync.exitCode()).as(sync.err()).isEqualTo(1);
        JsonNode view = JSON.readTree(sync.out());
        assertThat(view.path("error").asText()).isEqualTo("CopyFailed");
        assertThat(view.path("failedKeys").findValuesAsText("key")).containsExactlyInAnyOrder(ESCAPING, FREESURFER + "mri/a/../../../../../x");
        assertThat(contents(data.getParent(), mirror)).as("nothing beside the mirror").isEqualTo(before);
        assertThat(mirror.resolve(FREESURFER + "label")).isDirectory();
    }

    private CommandRun pull(String bucket, String... selection) {
        List<String> args = new ArrayList<>(List.of("pull", "--from", "s3://" + bucket, "--from-endpoint", s3.endpoint().toString(), "--data-dir",
                data.toString(), "--yes", "--subject", "01"));
        args.addAll(List.of(selection));
        return CommandRun.of(args.toArray(String[]::new));
    }

    /** Every path under {@code root} but those under {@code except}, with a regular file's content (a link's target, as it is). */
    private static Map<String, String> contents(Path root, Path except) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(path -> !path.startsWith(except)).toList()) {
                contents.put(root.relativize(path).toString(), Files.isSymbolicLink(path) ? "-> " + Files.readSymbolicLink(path)
                        : Files.isRegularFile(path) ? Files.readString(path) : "folder");
            }
        }
        return contents;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

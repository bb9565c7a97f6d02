package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.testing.AccessServiceStub;

/** {@code laion-mirror check}: a complete mirror passes; each kind of difference is named, with LIST requests only. */
class CheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] IMAGES = "stimulus pixels".getBytes(StandardCharsets.UTF_8);
    private static final byte[] METADATA = "id\n1\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path workspace;
    private static Path source;
    private static AccessServiceStub accessService;

    @BeforeAll
    static void writeTheSource() throws IOException {
        source = workspace.resolve("source");
        SampleBucket.writeDirectory(source, SampleBucket.nominalEntries());
        accessService = AccessServiceStub.serving(Map.of("task-images_stimuli.h5", IMAGES, "task-images_metadata.csv", METADATA));
    }

    @AfterAll
    static void stop() {
        accessService.close();
    }

    @Test
    void aCompleteMirrorIsTheSameAndACheckListsOnly() throws IOException {
        Path mirror = syncedMirror("complete");

        CommandRun check = check(mirror, "--json");

        assertThat(check.exitCode()).as(check.err()).isZero();
        JsonNode found = JSON.readTree(check.out());
        assertThat(found.path("same").asBoolean()).isTrue();
        assertThat(found.path("compared").asLong()).isEqualTo(keysUnder(mirror).size()).isGreaterThan(50);
        assertThat(found.path("missing")).isEmpty();
        assertThat(found.path("resized")).isEmpty();
        assertThat(found.path("stale")).isEmpty();
        assertThat(found.path("s3Requests")).as("directories are read as files, listings only").isEmpty();
    }

    @Test
    void aMissingAResizedAndAStaleObjectAreEachNamed() throws IOException {
        Path mirror = syncedMirror("damaged");
        List<String> keys = keysUnder(mirror);
        String missing = keys.stream().filter(key -> key.endsWith("_trials.tsv")).findFirst().orElseThrow();
        String resized = keys.stream().filter(key -> key.startsWith("derivatives/rois/")).findFirst().orElseThrow();
        Files.delete(mirror.resolve(missing));
        Files.write(mirror.resolve(resized), new byte[] {1, 2, 3});
        String stale = missing.replace("task-images", "task-retired");
        Files.write(mirror.resolve(stale), new byte[] {4});
        String unselected = missing.replace("ses-04", "ses-05"); // a session the check was not asked about: not stale
        Files.createDirectories(mirror.resolve(unselected).getParent());
        Files.write(mirror.resolve(unselected), new byte[] {5});

        CommandRun json = check(mirror, "--json");
        CommandRun text = check(mirror);

        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode found = JSON.readTree(json.out());
        assertThat(found.path("same").asBoolean()).isFalse();
        assertThat(found.path("missing")).extracting(entry -> entry.path("key").asText()).containsExactly(missing);
        assertThat(found.path("resized")).hasSize(1);
        assertThat(found.path("resized").get(0).path("key").asText()).isEqualTo(resized);
        assertThat(found.path("resized").get(0).path("mirrorSize").asLong()).isEqualTo(3);
        assertThat(found.path("resized").get(0).path("sourceSize").asLong()).isEqualTo(Files.size(source.resolve(resized)));
        assertThat(found.path("stale")).extracting(entry -> entry.path("key").asText()).containsExactly(stale);
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("missing  " + missing, "resized  " + resized + " (source ", "stale    " + stale,
                "Differences: ", "1 missing, 1 resized, 1 stale");
    }

    @Test
    void stimulusFilesAreCheckedAgainstTheManifest() throws IOException {
        Path mirror = syncedMirror("stimuli");
        Files.createDirectories(mirror.resolve("stimuli"));
        Files.write(mirror.resolve("stimuli/task-images_stimuli.h5"), IMAGES);

        CommandRun lacking = check(mirror, "--include-stimuli", "--access-service", accessService.baseUri().toString());
        Files.write(mirror.resolve("stimuli/task-images_metadata.csv"), METADATA);
        CommandRun complete = check(mirror, "--include-stimuli", "--access-service", accessService.baseUri().toString());
        Files.write(mirror.resolve("stimuli/task-images_stimuli.h5"), "stimulus PIXELS".getBytes(StandardCharsets.UTF_8));
        CommandRun corrupted = check(mirror, "--include-stimuli", "--access-service", accessService.baseUri().toString());

        assertThat(lacking.exitCode()).isEqualTo(1);
        assertThat(lacking.out()).contains("stimulus stimuli/task-images_metadata.csv: missing").doesNotContain("task-images_stimuli.h5");
        assertThat(complete.exitCode()).as(complete.out() + complete.err()).isZero();
        assertThat(corrupted.exitCode()).isEqualTo(1);
        assertThat(corrupted.out()).contains("stimulus stimuli/task-images_stimuli.h5: its sha256 is not the manifest's");
    }

    @Test
    void aMirrorThatDoesNotExistIsInvalidInput() {
        CommandRun check = check(workspace.resolve("never-made"));

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).contains("NoSuchMirror");
    }

    private static Path syncedMirror(String name) {
        Path mirror = workspace.resolve(name);
        assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();
        CommandRun sync = CommandRun.of("sync", "--local", "--source", source.toString(), "--dest", mirror.toString(), "--subject", "01", "--ses", "04");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        return mirror;
    }

    private static CommandRun check(Path mirror, String... more) {
        List<String> args = new ArrayList<>(List.of("check", "--local", "--source", source.toString(), "--dest", mirror.toString(), "--subject", "01",
                "--ses", "04"));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static List<String> keysUnder(Path mirror) throws IOException {
        try (Stream<Path> files = Files.walk(mirror)) {
            return files.filter(Files::isRegularFile).map(file -> mirror.relativize(file).toString())
                    .filter(key -> !key.startsWith(".") && !key.startsWith("_mirror/")).sorted().toList();
        }
    }
}

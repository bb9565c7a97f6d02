package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.plan.Action;
import org.laionfmri.mirror.plan.PlanItem;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.sample.SampleBucket;

/** {@code laion-mirror sync --dry-run} as a user runs it, on the fixture bucket as a directory and over S3. */
class SyncDryRunTest {

    private static final List<ObjectEntry> FIXTURE = SampleBucket.nominalEntries();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workspace;
    private static Path source;

    @BeforeAll
    static void writeTheFixture() throws Exception {
        source = Files.createDirectory(workspace.resolve("source"));
        SampleBucket.writeDirectory(source, FIXTURE);
    }

    @AfterAll
    static void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void printsThePlanAsJsonLinesInKeyOrder() throws Exception {
        Path dest = Files.createDirectory(workspace.resolve("empty-mirror"));

        CommandRun run = run("sync", "--dry-run", "--json", "--source", source.toString(), "--dest", dest.toString(),
                "--subject", "sub-01", "--ses", "04");

        assertThat(run.exitCode()).isZero();
        List<PlanItem> plan = plan(run);
        assertThat(plan).hasSize(93).allMatch(item -> item.action() == Action.COPY);
        assertThat(plan).extracting(PlanItem::key).isSortedAccordingTo(KeyOrder.COMPARATOR)
                .contains("README", "derivatives/glmsingle-tedana/sub-01/sub-01_task-images_space-T1w_stat-rsquare_desc-R2mean_statmap.nii.gz");
        PlanItem beta = plan.stream().filter(item -> item.key().endsWith("ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.nii.gz")).findFirst().orElseThrow();
        assertThat(beta.size()).isEqualTo(Files.size(source.resolve(beta.key())));
        // directories are read as files: no S3 request to count
        assertThat(run.err()).startsWith("Plan for sub-01: 93 selected, 93 to copy").doesNotContain("S3 requests");
        assertThat(dest).isEmptyDirectory();
    }

    @Test
    void aHeldOutOrAbsentSessionIsSaidAndTheSubjectLevelFilesAreStillPlanned() throws Exception {
        Path dest = Files.createDirectory(workspace.resolve("warned-mirror"));

        CommandRun run = run("sync", "--dry-run", "--json", "--source", source.toString(), "--dest", dest.toString(),
                "--subject", "01", "--ses", "31", "--ses", "99");

        // upstream's semantics: the subject's session-less files are selected, and nothing else is said; we say it
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(plan(run)).isNotEmpty().noneMatch(item -> item.key().contains("ses-31") || item.key().contains("ses-99"));
        assertThat(run.err()).contains("laion-mirror: warning: session ses-31 is held out of the public dataset (sessions 31 to 34)")
                .contains("laion-mirror: warning: no selected file is from session ses-99");
    }

    @Test
    void skipsWhatTheMirrorHoldsWithTheSameSize() throws Exception {
        Path dest = Files.createDirectory(workspace.resolve("partial-mirror"));
        List<ObjectEntry> present = FIXTURE.stream().filter(entry -> entry.key().startsWith("derivatives/rois/sub-01/")).toList();
        SampleBucket.writeDirectory(dest, present);
        Path resized = dest.resolve(present.get(0).key());
        Files.writeString(resized, "not the source's size, surely");

        List<PlanItem> plan = plan(run("sync", "--dry-run", "--json", "--source", source.toString(), "--dest", dest.toString(),
                "--subject", "01", "--ses", "04"));

        assertThat(plan).filteredOn(item -> item.action() == Action.SKIP).hasSize(83)
                .allMatch(item -> item.key().startsWith("derivatives/rois/sub-01/"));
        assertThat(plan).filteredOn(item -> item.key().equals(present.get(0).key()))
                .extracting(PlanItem::action).containsExactly(Action.COPY);
    }

    @Test
    void aMirrorDirectoryThatDoesNotExistYetIsEmptyAndStaysUncreated() throws Exception {
        Path dest = workspace.resolve("not-yet");

        CommandRun run = run("sync", "--dry-run", "--json", "--source", source.toString(), "--dest", dest.toString(),
                "--subject", "all", "--ses", "averages");

        assertThat(run.exitCode()).isZero();
        assertThat(plan(run)).isNotEmpty().allMatch(item -> item.action() == Action.COPY);
        assertThat(run.err()).startsWith("Plan for sub-01, sub-03, sub-05, sub-06, sub-07:");
        assertThat(dest).doesNotExist();
    }

    @Test
    void readsAndComparesS3CompatibleStores() throws Exception {
        Path mirrorRoot = Files.createDirectory(workspace.resolve("s3-mirror"));
        SampleBucket.writeDirectory(mirrorRoot.resolve("laion"), FIXTURE);
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        try (DirectoryBuckets buckets = DirectoryBuckets.start()) {
            buckets.serve("dataset", source);
            buckets.serve("institution", mirrorRoot);
            String endpoint = buckets.endpoint().toString();

            CommandRun run = run("sync", "--dry-run", "--json", "--source", "s3://dataset", "--source-endpoint", endpoint,
                    "--dest", "s3://institution/laion", "--dest-endpoint", endpoint, "--subject", "03", "--include-anatomical");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(plan(run)).isNotEmpty().allMatch(item -> item.action() == Action.SKIP)
                    .anyMatch(item -> item.key().startsWith("derivatives/anatomical/sub-03/"));
        }
    }

    @Test
    void printsATableForPeople() {
        CommandRun run = run("sync", "--dry-run", "--source", source.toString(), "--dest", workspace.resolve("none").toString(),
                "--subject", "01", "--ses", "04", "--suffix", "statmap", "--extension", "nii.gz");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(8).allMatch(line -> line.startsWith("copy "));
        assertThat(run.out()).contains("derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.json");
    }

    @Test
    void invalidInputIsOneLineNamingTheFlagAndNothingElse() {
        for (String[] args : List.of(
                new String[] {"--subject", "01", "--ses", "a/b"},
                new String[] {"--subject", "01", "--include-embeddings", "clip"},
                new String[] {"--subject", "sub-"},
                new String[] {"--subject", "01", "--dest-endpoint", "http://127.0.0.1:1"})) {
            CommandRun run = run(Stream.concat(Stream.of("sync", "--dry-run", "--json", "--source", source.toString(),
                    "--dest", workspace.resolve("unused").toString()), Stream.of(args)).toArray(String[]::new));

            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines()).hasSize(1);
        }
        assertThat(run("sync", "--dry-run", "--source", source.toString(), "--dest", "x", "--subject", "01", "--ses", "a/b").err())
                .isEqualTo("laion-mirror: InvalidRequest: --ses: \"a/b\" is not a plain token (no \"/\", \"..\", whitespace or control characters)\n");
        assertThat(run("sync", "--dry-run", "--source", source.toString(), "--dest", "x", "--subject", "01", "--include-embeddings", "clip").err())
                .startsWith("laion-mirror: InvalidRequest: --include-embeddings: unknown embedding model \"clip\"");
        assertThat(run("sync", "--dry-run", "--source", workspace.resolve("missing").toString(), "--dest", "x", "--subject", "01").err())
                .contains("--source: ").contains("is neither s3://bucket[/prefix] nor an existing directory");
        assertThat(run("sync", "--dry-run", "--source", "s3://", "--source-endpoint", "http://127.0.0.1:1", "--dest", "x", "--subject", "01").err())
                .contains("--source: no bucket name in \"s3://\"");
    }

    @Test
    void upstreamsRawOnlyAndStandaloneStimulusDownloadsAreSelectionsToo() throws Exception {
        CommandRun raw = run("sync", "--dry-run", "--json", "--source", source.toString(), "--dest", workspace.resolve("none").toString(),
                "--raw-only", "--subject", "01", "--ses", "04", "--run", "02", "--part", "mag", "--n-jobs", "8");
        CommandRun embeddings = run("sync", "--dry-run", "--json", "--source", source.toString(), "--dest", workspace.resolve("none").toString(),
                "--include-embeddings", "CLIP");

        assertThat(raw.exitCode()).as(raw.err()).isZero();
        assertThat(plan(raw)).extracting(PlanItem::key).isNotEmpty()
                .allMatch(key -> !key.contains("/") || key.startsWith("sub-01/ses-04/") && key.contains("_run-02_") && !key.contains("part-phase"));
        assertThat(embeddings.exitCode()).as(embeddings.err()).isZero();
        assertThat(plan(embeddings)).extracting(PlanItem::key).containsExactly("stimuli/task-images_desc-CLIP_embeddings.h5");
    }

    @Test
    void noMatchingDataFailsWithNothingOnStdout() {
        CommandRun run = run("sync", "--dry-run", "--json", "--source", source.toString(), "--dest", workspace.resolve("none").toString(),
                "--subject", "01", "--suffix", "nothing");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("laion-mirror: NoMatchingData: No LAION-fMRI files matched subject='sub-01' with filters "
                + "(suffix=['nothing']) under derivatives/glmsingle-tedana/sub-01/ or derivatives/rois/sub-01/. Check the subject ID and BIDS filters.\n");
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static List<PlanItem> plan(CommandRun run) throws Exception {
        List<PlanItem> items = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            items.add(JSON.readValue(line, PlanItem.class));
        }
        return items;
    }
}

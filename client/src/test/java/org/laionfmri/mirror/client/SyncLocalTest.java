package org.laionfmri.mirror.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.client.deployment.LocalDeployment;
import org.laionfmri.mirror.client.operations.MirrorTarget;
import org.laionfmri.mirror.client.output.Bytes;
import org.laionfmri.mirror.client.output.RunView;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.storage.ObjectEntry;

/** {@code laion-mirror sync --local} and {@code accept-license --local} as a user runs them, on the sample bucket. */
class SyncLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;
    private Path sample;
    private Path mirror;

    @BeforeEach
    void writeTheSample() {
        sample = workspace.resolve("sample");
        mirror = workspace.resolve("mirror");
        SampleBucket.writeDirectory(sample, SampleBucket.nominalEntries());
    }

    @Test
    void mirrorsOnceTheLicenceIsAcceptedAndTheResyncCopiesNothing() throws Exception {
        CommandRun refused = CommandRun.of("sync", "--local", "--json", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01", "--ses", "04");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(refused.out()).path("status").asText()).isEqualTo("FAILED");
        assertThat(refused.err()).contains("laion-mirror: LicenseNotAccepted: The LAION-fMRI CC0 licence has not been accepted")
                .contains("Accept it for this mirror: laion-mirror accept-license --local --dest " + mirror);

        CommandRun declined = CommandRun.withInput("no thanks\n", "accept-license", "--local", "--dest", mirror.toString());
        CommandRun accepted = CommandRun.withInput("I AGREE\n", "accept-license", "--local", "--dest", mirror.toString(), "--name", "Ada Lovelace");

        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).contains("CC0 1.0").contains("Type \"I AGREE\" to accept").contains("LicenseNotAccepted");
        assertThat(accepted.exitCode()).isZero();
        assertThat(accepted.err()).contains("The CC0 licence is accepted for the mirror " + mirror + " (by Ada Lovelace");

        CommandRun first = CommandRun.of("sync", "--local", "--json", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01", "--ses", "04");
        JsonNode report = JSON.readTree(first.out());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.path("planned").asLong()).isEqualTo(93);
        assertThat(report.path("copied").asLong()).isEqualTo(93);
        assertThat(report.path("skipped").asLong()).isZero();
        assertThat(report.path("denied").asLong()).isZero();
        assertThat(report.path("failed").asLong()).isZero();
        // two directories: files read and written directly, no server between them
        assertThat(report.path("s3Requests")).isEmpty();
        assertThat(report.path("stateTransitions").asLong()).isEqualTo(14);
        List<ObjectEntry> copied = SampleBucket.materialised(SampleBucket.nominalEntries()).stream()
                .filter(entry -> Files.exists(mirror.resolve(entry.key()))).toList();
        assertThat(copied).hasSize(93);
        assertThat(report.path("bytesCopied").asLong()).isEqualTo(copied.stream().mapToLong(ObjectEntry::size).sum());
        for (ObjectEntry entry : copied) {
            assertThat(Files.readAllBytes(mirror.resolve(entry.key()))).isEqualTo(Files.readAllBytes(sample.resolve(entry.key())));
        }
        assertThat(Path.of(report.path("report").asText())).exists().startsWith(mirror);

        CommandRun resync = CommandRun.of("sync", "--local", "--json", "--source", sample.toString(), "--dest", mirror.toString(), "--subject", "01", "--ses", "04");
        JsonNode again = JSON.readTree(resync.out());

        assertThat(resync.exitCode()).isZero();
        assertThat(again.path("copied").asLong()).isZero();
        assertThat(again.path("skipped").asLong()).isEqualTo(93);
        assertThat(again.path("s3Requests")).isEmpty();
        assertThat(resync.err()).contains("SUCCEEDED: 0 copied (0 B), 93 already in the mirror");

        // the local history, through the same commands as a stack's
        CommandRun status = CommandRun.of("status", "--local", "--dest", mirror.toString(), "--json");
        CommandRun stop = CommandRun.of("stop", again.path("runId").asText(), "--local", "--dest", mirror.toString());

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(JSON.readTree(status.out()).path("runId").asText()).isEqualTo(again.path("runId").asText());
        assertThat(JSON.readTree(status.out()).path("skipped").asLong()).isEqualTo(93);
        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.err()).contains("Run " + again.path("runId").asText() + " is not running: nothing to stop");

        // a run whose report is gone (a stack's bucket expires them) still shows, with its figures from its record
        String runId = report.path("runId").asText();
        Files.delete(Path.of(report.path("report").asText()));
        CommandRun runs = CommandRun.of("runs", "--local", "--dest", mirror.toString());
        CommandRun expired = CommandRun.of("status", runId, "--local", "--dest", mirror.toString());
        CommandRun expiredJson = CommandRun.of("status", runId, "--json", "--local", "--dest", mirror.toString());

        assertThat(runs.exitCode()).as(runs.err()).isZero();
        assertThat(runs.out().lines()).hasSize(4).filteredOn(line -> line.startsWith(runId)).singleElement().asString()
                .containsPattern("SUCCEEDED +93 +0 +0 +" + java.util.regex.Pattern.quote(Bytes.human(report.path("bytesCopied").asLong())));
        assertThat(runs.err()).isEqualTo("laion-mirror: the reports of 1 of these runs are gone (" + RunView.REPORTS_EXPIRE
                + "): their figures are their records'.\n");
        assertThat(expired.exitCode()).as(expired.err()).isZero();
        assertThat(expired.out()).startsWith("Run " + runId + " SUCCEEDED: 93 copied (" + Bytes.human(report.path("bytesCopied").asLong())
                + "), 0 already in the mirror, 0 denied, 0 failed, 0 pending\n").contains("  report " + report.path("report").asText() + " is gone (")
                .hasLineCount(3);
        JsonNode shown = JSON.readTree(expiredJson.out());
        assertThat(shown.path("reportExpired").asBoolean()).isTrue();
        for (String figure : List.of("planned", "toCopy", "bytesToCopy", "copied", "bytesCopied", "skipped", "denied", "failed", "pending")) {
            assertThat(shown.path(figure)).as(figure).isEqualTo(report.path(figure));
        }
    }

    @Test
    void storesAndForgetsTheStimulusAccessWithoutEverShowingIt() {
        CommandRun empty = CommandRun.withInput("\n", "login", "--local", "--dest", mirror.toString());
        CommandRun login = CommandRun.withInput("lfm_secret_for_the_test\n", "login", "--local", "--dest", mirror.toString(),
                "--email", "it@example.org");

        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("InvalidRequest: request_id: none was given: set LAION_FMRI_REQUEST_ID, or give it on standard input");
        assertThat(login.exitCode()).isZero();
        assertThat(login.err()).contains("Stimulus access is stored for the mirror " + mirror).doesNotContain("lfm_secret_for_the_test");
        Optional<StimulusAccess> stored = storedAccess();
        assertThat(stored.map(StimulusAccess::requestId)).contains("lfm_secret_for_the_test");

        CommandRun logout = CommandRun.of("logout", "--local", "--dest", mirror.toString());

        assertThat(logout.exitCode()).isZero();
        Optional<StimulusAccess> forgotten = storedAccess();
        assertThat(forgotten).isEmpty();
    }

    private Optional<StimulusAccess> storedAccess() {
        try (LocalDeployment deployment = LocalDeployment.open(MirrorTarget.PUBLIC_SOURCE, new Store.Directory(mirror), AccessServiceClient.DEFAULT_BASE, false)) {
            return deployment.state().access();
        }
    }

    @Test
    void mirrorsFromAnS3StoreIntoADirectoryStreamingStraightToDisk() throws Exception {
        try (DirectoryBuckets store = DirectoryBuckets.start()) {
            store.serve("dataset", sample);
            assertThat(CommandRun.of("accept-license", "--local", "--yes", "--dest", mirror.toString()).exitCode()).isZero();

            CommandRun run = CommandRun.of("sync", "--local", "--json", "--source", "s3://dataset", "--source-endpoint", store.endpoint().toString(),
                    "--dest", mirror.toString(), "--subject", "01", "--ses", "04");
            JsonNode report = JSON.readTree(run.out());

            assertThat(run.exitCode()).as(run.out()).isZero();
            assertThat(report.path("copied").asLong()).isEqualTo(93);
            // each object one GET, streamed into its file; the source's listings; nothing else asked of S3
            assertThat(report.path("s3Requests").path("GetObject").asLong()).isEqualTo(93);
            assertThat(report.path("s3Requests").fieldNames()).toIterable().containsOnly("GetObject", "ListObjectsV2");
            String key = "derivatives/glmsingle-tedana/sub-01/sub-01_task-images_space-T1w_stat-rsquare_desc-R2mean_statmap.nii.gz";
            assertThat(Files.readAllBytes(mirror.resolve(key))).isEqualTo(Files.readAllBytes(sample.resolve(key)));
        }
    }
}

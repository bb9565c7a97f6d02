package org.laionfmri.mirror.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.ExecutionStatus;
import org.laionfmri.mirror.engine.MapRunInfo;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.handlers.MirrorConfig;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.testing.AccessServiceStub;
import org.laionfmri.mirror.testing.MirrorHarness;

/** {@code mirror.asl.json} end to end on the local engine, with the real functions, on the embedded stack. */
@Tag("integration")
class MirrorWorkflowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_ID = "lfm_workflow_secret_c0ffee";
    private static final String SESSION_04 = "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}}";
    /** An object of {@link #SESSION_04}'s plan whose copy a test holds. */
    private static final String HELD = "derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label";

    @TempDir
    Path workspace;
    private MirrorHarness harness;
    private AccessServiceStub accessService;
    private LocalWorkflow workflow;

    @BeforeEach
    void start() throws Exception {
        harness = MirrorHarness.start(workspace);
        harness.writeSample();
        accessService = AccessServiceStub.serving(Map.of("task-images_stimuli.h5", "pixels".getBytes(StandardCharsets.UTF_8),
                "task-images_metadata.csv", "id\n".getBytes(StandardCharsets.UTF_8))).grant(REQUEST_ID);
        workflow = new LocalWorkflow(harness.wiring(accessService.baseUri()), Clock.systemUTC(), Sleeper.REAL, 4);
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            workflow.close();
            accessService.close();
            harness.close();
        }
    }

    @Test
    void mirrorsTheSelectionThenAResyncCopiesNothing() throws Exception {
        harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", AccessServiceStub.TERMS_VERSION, Instant.now()));
        new org.laionfmri.mirror.licence.Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");
        String request = "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}, \"include\": {\"stimuli\": true}}";

        ExecutionInfo first = run("run-1", request);
        JsonNode report = JSON.readTree(first.output());

        assertThat(first.status()).as(first.error() + ": " + first.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.path("totals").path("copied").asLong()).isEqualTo(93);
        assertThat(report.path("totals").path("stimuliDownloaded").asLong()).isEqualTo(2);
        assertThat(harness.readMirror("derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label"))
                .isEqualTo(harness.readSource("derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label"));
        assertThat(harness.readMirror("stimuli/task-images_stimuli.h5")).asString(StandardCharsets.UTF_8).isEqualTo("pixels");
        List<MapRunInfo> mapRuns = workflow.engine().listMapRuns(first.executionArn());
        assertThat(mapRuns).hasSize(1);
        assertThat(mapRuns.get(0).itemCounts().succeeded()).as("plan lines, a batch each").isEqualTo(1);
        assertThat(mapRuns.get(0).executionCounts().succeeded()).isEqualTo(1);
        long bytes = report.path("totals").path("bytesCopied").asLong();
        assertThat(harness.table().run("run-1").orElseThrow().progress()).isEqualTo(new RunRecord.Progress(93, bytes, 93, bytes));
        assertThat(harness.table().run("run-1").map(RunRecord::status)).contains(RunStatus.SUCCEEDED);

        ExecutionInfo resync = run("run-2", request);
        JsonNode resyncReport = JSON.readTree(resync.output());

        assertThat(resync.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(resyncReport.path("totals").path("copied").asLong()).isZero();
        assertThat(resyncReport.path("totals").path("skipped").asLong()).isEqualTo(93);
        assertThat(resyncReport.path("totals").path("stimuliDownloaded").asLong()).isZero();
        assertThat(workflow.engine().listMapRuns(resync.executionArn())).isEmpty();
        assertThat(resyncReport.path("s3Requests").fieldNames()).toIterable().doesNotContain("CopyObject", "UploadPartCopy", "UploadPart");
        assertThat(resyncReport.path("s3Requests").path("GetObject").asLong()).as("the write probe's read-back only").isEqualTo(1);
        assertThat(String.join("\n", List.of(first.output(), resync.output()))).doesNotContain(REQUEST_ID);
    }

    @Test
    void aMirrorWithoutTheLicenceFailsWithLicenseNotAcceptedAndRecordsTheRun() {
        ExecutionInfo done = run("run-3", "{\"subjects\": \"01\"}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo(LicenseNotAccepted.class.getSimpleName());
        assertThat(done.cause()).contains("laion-mirror accept-license").doesNotStartWith("{");
        RunRecord run = harness.table().run("run-3").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo(LicenseNotAccepted.class.getSimpleName());
        assertThat(harness.mirrorObjectKeys()).containsExactly("_mirror/runs/run-3/report.json");
    }

    @Test
    void anInvalidRequestFailsBeforeAnythingIsListedOrCopied() {
        ExecutionInfo done = run("run-4", "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"../04\"}}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo(InvalidRequest.class.getSimpleName());
        assertThat(done.cause()).startsWith("filters.ses[0]: \"../04\" is not a plain token");
        assertThat(harness.mirrorObjectKeys()).containsExactly("_mirror/runs/run-4/report.json");
    }

    @Test
    void aFailedStimulusTransferNeitherStopsTheCopyNorLosesItsAccounting() throws Exception {
        new org.laionfmri.mirror.licence.Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");

        ExecutionInfo done = run("run-7", "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}, \"include\": {\"stimuli\": true}}");
        JsonNode report = JSON.readTree(harness.readMirror("_mirror/runs/run-7/report.json"));

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("AccessNotFound");
        assertThat(report.path("failedStep").asText()).isEqualTo("Stimuli");
        assertThat(report.path("copied").asLong()).isEqualTo(93);
        assertThat(harness.readMirror("derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label"))
                .isEqualTo(harness.readSource("derivatives/rois/sub-01/category/sub-01_hemi-L_space-fsnative_label-FFA-1_mask.label"));
        assertThat(harness.table().lease()).isEmpty();
    }

    @Test
    void aDryRunPlansAndReportsAndCopiesNothing() throws Exception {
        new org.laionfmri.mirror.licence.Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");

        ExecutionInfo done = run("run-8", "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}, \"include\": {\"stimuli\": true},"
                + " \"dryRun\": true}");
        JsonNode report = JSON.readTree(harness.readMirror("_mirror/runs/run-8/report.json"));

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("toCopy").asLong()).isEqualTo(93);
        assertThat(report.path("copied").asLong()).isZero();
        assertThat(report.path("stimuliDownloaded").asLong()).isZero();
        assertThat(workflow.engine().listMapRuns(done.executionArn())).isEmpty();
        assertThat(harness.mirrorObjectKeys()).allMatch(key -> key.startsWith("_mirror/runs/run-8/"))
                .contains("_mirror/runs/run-8/plan.jsonl", "_mirror/runs/run-8/report.json");
        assertThat(accessService.calls("/api/v1/manifest")).isZero();
    }

    @Test
    void aRunOnAMirrorAnotherRunHoldsFailsFastNamingThatRun() throws Exception {
        new org.laionfmri.mirror.licence.Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");
        harness.table().acquireLease("scheduled-refresh-1", Instant.now(), Instant.now().plusSeconds(3600));

        ExecutionInfo done = run("run-9", "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("MirrorBusy");
        assertThat(done.cause()).startsWith("Run scheduled-refresh-1 is mirroring into this mirror");
        assertThat(harness.mirrorObjectKeys()).containsExactly("_mirror/runs/run-9/report.json");
        assertThat(harness.table().lease()).map(lease -> lease.runId()).contains("scheduled-refresh-1");
    }

    @Test
    void aRunThatTimesOutIsRecordedAsTimedOutAndGivesTheMirrorBack() throws Exception {
        new org.laionfmri.mirror.licence.Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");
        CountDownLatch release = harness.faults().hold(HELD);
        MirrorConfig config = harness.config(accessService.baseUri());
        MirrorConfig shortTimeout = config.toBuilder().settings(config.settings().withRunTimeout(Duration.ofSeconds(10))).build();
        try (LocalWorkflow shortRuns = new LocalWorkflow(caller -> shortTimeout.services(Clock.systemUTC(), List.of()), Clock.systemUTC(),
                Sleeper.REAL, 4)) {
            ExecutionInfo done = shortRuns.engine().awaitExecution(shortRuns.start("run-10", SESSION_04));

            assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            RunRecord run = harness.table().run("run-10").orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
            assertThat(run.error()).isEqualTo("States.Timeout");
            assertThat(run.endedAt()).isNotNull();
            assertThat(harness.table().lease()).as("the next run may take the mirror").isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRunStoppedFromTheConsoleIsRecordedAsAbortedAndGivesTheMirrorBack() throws Exception {
        new org.laionfmri.mirror.licence.Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");
        CountDownLatch release = harness.faults().hold(HELD);
        try {
            String arn = workflow.start("run-11", SESSION_04);
            awaitCopying(arn);

            ExecutionInfo stopped = workflow.engine().stopExecution(arn, null, null);

            assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
            RunRecord run = harness.table().run("run-11").orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(run.error()).isEqualTo("Stopped");
            assertThat(harness.table().lease()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    /** Waits until the run's copy has begun (its map run is under way). */
    private void awaitCopying(String executionArn) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (workflow.engine().listMapRuns(executionArn).isEmpty() && Instant.now().isBefore(deadline)) {
            assertThat(workflow.engine().describeExecution(executionArn).status()).isEqualTo(ExecutionStatus.RUNNING);
            Thread.sleep(100);
        }
    }

    @Test
    void batchingKeepsTransitionsLowForTheWholeSample() throws Exception {
        new org.laionfmri.mirror.licence.Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");
        String everything = "{\"subjects\": \"all\", \"include\": {\"freesurfer\": true, \"anatomical\": true, \"raw\": true,"
                + " \"localizers\": true, \"embeddings\": true, \"captions\": true, \"segmentations\": true}}";

        ExecutionInfo copy = run("run-5", everything);
        long copied = JSON.readTree(copy.output()).path("totals").path("copied").asLong();
        long transitions = copy.stateTransitions() + workflow.engine().listMapRuns(copy.executionArn()).stream()
                .mapToLong(MapRunInfo::stateTransitions).sum();
        ExecutionInfo resync = run("run-6", everything);

        assertThat(copy.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(copied).isGreaterThan(3000);
        assertThat(transitions * 1000.0 / copied).isLessThan(30);
        assertThat(JSON.readTree(resync.output()).path("totals").path("copied").asLong()).isZero();
        System.out.printf("transitions: copy of %d objects %d (%d in the execution, the rest in %d child executions); no-op resync %d%n",
                copied, transitions, copy.stateTransitions(), workflow.engine().listMapRuns(copy.executionArn()).get(0).executionCounts().total(),
                resync.stateTransitions());
    }

    private ExecutionInfo run(String runId, String request) {
        return workflow.engine().awaitExecution(workflow.start(runId, request));
    }
}

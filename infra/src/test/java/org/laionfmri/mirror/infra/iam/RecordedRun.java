package org.laionfmri.mirror.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.ExecutionStatus;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.state.Lease;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.testing.AccessServiceStub;
import org.laionfmri.mirror.testing.AwsCall;
import org.laionfmri.mirror.testing.AwsCallRecorder;
import org.laionfmri.mirror.testing.MirrorHarness;

/**
 * The AWS calls of real runs: {@code mirror.asl.json} on the local engine with the functions in-process,
 * on the embedded stack with the mirror under the synthesised stack's prefix, every client of each step
 * (and the engine's, for the Distributed Map's ItemReader and ResultWriter) recording what it sends. The
 * runs take each path whose calls differ: a full sync (a copy in parts, the stimulus files downloaded), a
 * no-op resync, a dry run, a run failing at once, one refused because another run holds the mirror, and
 * one stopped from the console while it copies (its end recorded by RunEnd).
 * Each run's end is checked, so what is recorded is what a meaningful run sends.
 */
final class RecordedRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_ID = "lfm_recorded_run";
    private static final String SYNC = "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}, \"include\": {\"stimuli\": true}}";
    /** Selected by {@link #SYNC}; made larger than the single-part limit, it is copied in parts (UploadPartCopy). */
    private static final String LARGE_OBJECT =
            "derivatives/glmsingle-tedana/sub-01/ses-04/func/sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.nii.gz";
    private static final int LARGE_SIZE = Math.toIntExact(MirrorHarness.SINGLE_PART_LIMIT + 1);
    /** Selected by the stopped run (subject 03, session 04), whose copy is held until the run is stopped. */
    private static final String HELD_OBJECT = LARGE_OBJECT.replace("sub-01", "sub-03");

    private final MirrorHarness harness;
    private final LocalWorkflow workflow;

    private RecordedRun(MirrorHarness harness, LocalWorkflow workflow) {
        this.harness = harness;
        this.workflow = workflow;
    }

    /** Runs the scenarios on a stack in {@code workspace}; returns every call they made, in the order sent. */
    static List<AwsCall> calls(Path workspace) {
        List<AwsCall> calls = Collections.synchronizedList(new ArrayList<>()); // the async clients record from their own threads
        try (MirrorHarness harness = MirrorHarness.start(workspace, SynthesisedStack.MIRROR_PREFIX);
                AccessServiceStub accessService = AccessServiceStub.serving(Map.of(
                        "task-images_stimuli.h5", new byte[LARGE_SIZE], // streamed in parts
                        "task-images_metadata.csv", "id\n".getBytes(StandardCharsets.UTF_8))).grant(REQUEST_ID);
                LocalWorkflow workflow = new LocalWorkflow(caller -> harness.config(accessService.baseUri())
                        .services(Clock.systemUTC(), List.of(new AwsCallRecorder(caller, calls))), Clock.systemUTC(), Sleeper.REAL, 4)) {
            harness.writeSample();
            harness.writeSource(LARGE_OBJECT, new byte[LARGE_SIZE]);
            harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", AccessServiceStub.TERMS_VERSION, Instant.now()));
            new Cc0Licence(harness.table(), Clock.systemUTC()).accept("it-admin", "Ada");

            RecordedRun run = new RecordedRun(harness, workflow);
            run.fullSync();
            run.noOpResync();
            run.dryRun();
            run.invalidRequest();
            run.busyMirror();
            run.stoppedRun();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the runs", e);
        }
        List<AwsCall> recorded = List.copyOf(calls);
        // Validate sends nothing; every other step's clients, and the engine's, must have been seen
        assertThat(recorded.stream().map(AwsCall::caller).distinct())
                .containsExactlyInAnyOrder("LicenceGate", "Plan", "CopyBatch", "Stimuli", "Report", "RunEnd", LocalWorkflow.ENGINE_CALLER);
        return recorded;
    }

    private void fullSync() {
        JsonNode totals = succeeded("full-sync", SYNC).path("totals");

        assertThat(totals.path("copied").asLong()).isPositive().isEqualTo(totals.path("planned").asLong());
        assertThat(totals.path("stimuliDownloaded").asLong()).isEqualTo(2);
        assertThat(harness.readMirror(LARGE_OBJECT)).hasSize(LARGE_SIZE);
    }

    private void noOpResync() {
        JsonNode totals = succeeded("resync", SYNC).path("totals");

        assertThat(totals.path("copied").asLong()).isZero();
        assertThat(totals.path("skipped").asLong()).isPositive();
        assertThat(totals.path("stimuliDownloaded").asLong()).isZero();
    }

    /** Of another subject than the synced one, so that the plan has copies in it. */
    private void dryRun() {
        succeeded("dry-run", "{\"subjects\": [\"03\"], \"filters\": {\"ses\": \"04\"}, \"dryRun\": true}");
        JsonNode report = json(harness.readMirror("_mirror/runs/dry-run/report.json"));

        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("toCopy").asLong()).isPositive();
        assertThat(report.path("copied").asLong()).isZero();
    }

    private void invalidRequest() {
        ExecutionInfo done = run("invalid-request", "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"../04\"}}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("InvalidRequest");
    }

    private void busyMirror() {
        Instant now = Instant.now();
        harness.table().acquireLease("other-run", now, now.plusSeconds(3600));

        ExecutionInfo done = run("busy-mirror", SYNC);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("MirrorBusy");
        assertThat(harness.table().lease()).map(Lease::runId).contains("other-run");
        harness.table().releaseLease("other-run");
    }

    /** Stopped from the console while it copies: RunEnd records it and gives the mirror back. */
    private void stoppedRun() throws InterruptedException {
        harness.writeSource(HELD_OBJECT, new byte[10]);
        CountDownLatch release = harness.faults().hold(HELD_OBJECT);
        try {
            String execution = workflow.start("stopped-run", "{\"subjects\": [\"03\"], \"filters\": {\"ses\": \"04\"}}");
            Instant deadline = Instant.now().plusSeconds(60);
            while (workflow.engine().listMapRuns(execution).isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }

            ExecutionInfo stopped = workflow.engine().stopExecution(execution, null, null);

            assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(harness.table().run("stopped-run").map(RunRecord::status)).contains(RunStatus.ABORTED);
            assertThat(harness.table().lease()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    /** The output (the run's report) of a run that must succeed. */
    private JsonNode succeeded(String runId, String request) {
        ExecutionInfo done = run(runId, request);
        assertThat(done.status()).as(runId + ": " + done.error() + ": " + done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return json(done.output().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(byte[] text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExecutionInfo run(String runId, String request) {
        return workflow.engine().awaitExecution(workflow.start(runId, request));
    }
}

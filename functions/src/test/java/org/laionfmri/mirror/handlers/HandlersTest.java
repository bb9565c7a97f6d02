package org.laionfmri.mirror.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.error.MirrorAccessDenied;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.error.MirrorNotWritable;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.testing.AccessServiceStub;
import org.laionfmri.mirror.testing.LambdaContext;
import org.laionfmri.mirror.testing.MirrorHarness;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

/**
 * The functions through their JSON boundary, chained as the state machine chains them, on the embedded
 * stack: S3Proxy folders for the buckets, dynalite for the table, the local access service.
 */
@Tag("integration")
class HandlersTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final String REQUEST_ID = "lfm_handlers_secret_91b2";
    private static final String LARGE_KEY = "derivatives/glmsingle-tedana/sub-01/ses-04/func/"
            + "sub-01_ses-04_task-images_space-T1w_stat-effect_desc-SingletrialBetas_statmap.nii.gz";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:LaionFmriMirror-workflow";

    @TempDir
    Path workspace;
    private MirrorHarness harness;
    private AccessServiceStub accessService;
    private MirrorServices services;
    private byte[] large;

    @BeforeEach
    void start() throws Exception {
        harness = MirrorHarness.start(workspace);
        harness.writeSample();
        large = new byte[(int) (2 * MirrorHarness.SINGLE_PART_LIMIT) + 4321];
        new Random(7).nextBytes(large);
        harness.writeSource(LARGE_KEY, large);
        accessService = AccessServiceStub.serving(Map.of("task-images_stimuli.h5", "images".getBytes(StandardCharsets.UTF_8),
                "task-images_metadata.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8))).grant(REQUEST_ID);
        services = harness.config(accessService.baseUri()).services(Clock.fixed(NOW, ZoneOffset.UTC), List.of());
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            services.close();
            accessService.close();
            harness.close();
        }
    }

    @Test
    void aFullRunMirrorsTheSelectionAndAResyncListsOnly() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": [\"01\"], \"filters\": {\"ses\": \"04\"}}").path("request");
        invoke(new LicenceGateHandler(services), "{}");

        JsonNode plan = invoke(new PlanHandler(services), runInput("run-1", request));
        List<JsonNode> items = planItems(plan);
        JsonNode copy = copyInBatches(planBatches(plan), "run-1", null);
        JsonNode report = invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()),
                reportInput("run-1", request, plan, copy, null, null));

        assertThat(plan.path("toCopy").asLong()).isEqualTo(93).isEqualTo(items.size());
        assertThat(plan.path("batches").asLong()).isEqualTo(1);
        assertThat(plan.path("skipped").asLong()).isZero();
        assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.path("totals").path("copied").asLong()).isEqualTo(93);
        for (JsonNode item : items) {
            String key = item.path("key").asText();
            assertThat(harness.readMirror(key)).as(key).isEqualTo(harness.readSource(key));
        }
        assertThat(harness.readMirror(LARGE_KEY)).isEqualTo(large);
        assertThat(report.path("s3Requests").path("UploadPartCopy").asLong()).isEqualTo(3);
        RunRecord run = harness.table().run("run-1").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.totals()).containsEntry("copied", 93L).containsEntry("failed", 0L).containsEntry("bytesCopied", (long) totalBytes(items));
        JsonNode written = JSON.readTree(harness.readMirror("_mirror/runs/run-1/report.json"));
        assertThat(written.path("copied").asLong()).isEqualTo(93);

        JsonNode resync = invoke(new PlanHandler(services), runInput("run-2", request));

        assertThat(resync.path("toCopy").asLong()).isZero();
        assertThat(resync.path("skipped").asLong()).isEqualTo(93);
        assertThat(planItems(resync)).isEmpty();
        Map<String, Long> requests = JSON.convertValue(resync.path("s3Requests"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        assertThat(requests).doesNotContainKeys("HeadObject", "CopyObject", "UploadPartCopy");
        assertThat(requests.get("ListObjectsV2")).isPositive();
        assertThat(resync.path("sourceS3Requests").path("ListObjectsV2").asLong()).as("the source's LISTs, of all of them").isPositive()
                .isLessThan(requests.get("ListObjectsV2"));
        // besides LISTs: the write probe (put, read back, delete) and the empty plan's put
        assertThat(requests).containsEntry("GetObject", 1L).containsEntry("DeleteObject", 1L).containsEntry("PutObject", 2L);
        assertThat(harness.mirrorObjectKeys()).noneMatch(key -> key.endsWith("write-probe"));
    }

    @Test
    void deniedObjectsAreReportedAndFailedOnesFailTheRun() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\", \"filters\": {\"ses\": \"04\", \"suffix\": \"trials\"}}")
                .path("request");
        JsonNode plan = invoke(new PlanHandler(services), runInput("run-3", request));
        List<JsonNode> items = planItems(plan);
        String denied = items.get(0).path("key").asText();
        harness.faults().deny(denied);
        ObjectNode vanished = JSON.createObjectNode().put("key", "sub-01/vanished.json").put("size", 3);
        List<JsonNode> batch = new ArrayList<>(items);
        batch.add(vanished);

        JsonNode copy = copyInBatches(List.of(batch), "run-3", null);
        JsonNode report = invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()),
                reportInput("run-3", request, plan, copy, null, null));

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).isEqualTo("CopyFailed");
        assertThat(report.path("cause").asText()).startsWith("1 objects could not be copied");
        assertThat(report.path("totals").path("denied").asLong()).isEqualTo(1);
        assertThat(report.path("totals").path("copied").asLong()).isEqualTo(items.size() - 1);
        JsonNode written = JSON.readTree(harness.readMirror("_mirror/runs/run-3/report.json"));
        assertThat(written.path("deniedKeys")).extracting(JsonNode::asText).containsExactly(denied);
        assertThat(written.path("failedKeys").get(0).path("key").asText()).isEqualTo("sub-01/vanished.json");
        assertThat(written.path("failedKeys").get(0).path("error").asText()).isEqualTo("NoSuchKey (HTTP 404)");
        assertThat(harness.table().run("run-3").orElseThrow().error()).isEqualTo("CopyFailed");
    }

    @Test
    void aRunThatFailedEarlyIsRecordedWithItsError() throws Exception {
        assertThatThrownBy(() -> invoke(new LicenceGateHandler(services), "{}")).isInstanceOf(LicenseNotAccepted.class);

        JsonNode report = invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()), reportInput("run-4", null, null, null, null,
                JSON.createObjectNode().put("Error", LicenseNotAccepted.class.getName()).put("Cause", "not accepted")));

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).isEqualTo("LicenseNotAccepted");
        RunRecord run = harness.table().run("run-4").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("LicenseNotAccepted");
        assertThat(harness.mirrorObjectKeys()).contains("_mirror/runs/run-4/report.json");
    }

    @Test
    void badInputFailsWithTheNamedErrorBeforeAnythingIsListed() {
        assertThatThrownBy(() -> invoke(new ValidateHandler(services), "{\"subjects\": [\"01/..\"]}"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("subjects[0]");
        assertThatThrownBy(() -> invoke(new PlanHandler(services), "{\"runId\": \"../x\", \"request\": {\"subjects\": \"01\"}}"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageStartingWith("runId: ");
        assertThat(harness.mirrorObjectKeys()).isEmpty();
    }

    @Test
    void stimuliComeThroughTheAccessServiceAndNoSecretReachesLogsOrOutputs() throws Exception {
        harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", AccessServiceStub.TERMS_VERSION, NOW));
        PrintStream console = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        JsonNode stimuli;
        JsonNode report;
        try {
            stimuli = invoke(new StimuliHandler(services), "{\"runId\": \"run-5\"}");
            report = invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()),
                    reportInput("run-5", null, null, null, stimuli, null));
        } finally {
            System.setOut(console);
        }

        assertThat(stimuli.path("downloaded")).extracting(JsonNode::asText).containsExactly("task-images_stimuli.h5", "task-images_metadata.csv");
        // a missing object is learnt from a LIST: a HEAD of it would be refused without s3:ListBucket on the bucket
        assertThat(stimuli.path("s3Requests").has("HeadObject")).isFalse();
        assertThat(stimuli.path("s3Requests").path("ListObjectsV2").asLong()).isEqualTo(1);
        assertThat(report.path("totals").path("stimuliDownloaded").asLong()).isEqualTo(2);
        String everything = logs.toString(StandardCharsets.UTF_8) + stimuli + report
                + new String(harness.readMirror("_mirror/runs/run-5/report.json"), StandardCharsets.UTF_8);
        assertThat(everything).contains("\"ObjectsCopied\"").doesNotContain(REQUEST_ID).doesNotContain("X-Amz-Signature");
        assertThat(harness.table().run("run-5").orElseThrow().toString()).doesNotContain(REQUEST_ID);
    }

    @Test
    void aFailedStimulusTransferLeavesTheCopyCountedAndNamesItsError() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\", \"filters\": {\"ses\": \"04\", \"suffix\": \"trials\"},"
                + " \"include\": {\"stimuli\": true}}").path("request");
        JsonNode plan = invoke(new PlanHandler(services), runInput("run-6", request));
        JsonNode copy = copyInBatches(planBatches(plan), "run-6", null);
        JsonNode stimuliFailure = JSON.createObjectNode().set("error", JSON.createObjectNode()
                .put("Error", "org.laionfmri.mirror.error.AccessNotFound").put("Cause", "{\"errorMessage\": \"No stimulus access is stored\"}"));

        JsonNode report = invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()),
                reportInput("run-6", request, plan, copy, stimuliFailure, null));

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).isEqualTo("AccessNotFound");
        assertThat(report.path("failedStep").asText()).isEqualTo("Stimuli");
        assertThat(report.path("cause").asText()).isEqualTo("No stimulus access is stored");
        assertThat(report.path("totals").path("copied").asLong()).isEqualTo(plan.path("toCopy").asLong()).isPositive();
        assertThat(harness.table().run("run-6").orElseThrow().error()).isEqualTo("AccessNotFound");
    }

    @Test
    void aRunWhoseEveryCopyIsDeniedFails() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\", \"filters\": {\"ses\": \"04\", \"suffix\": \"trials\"}}")
                .path("request");
        JsonNode plan = invoke(new PlanHandler(services), runInput("run-7", request));
        planItems(plan).forEach(item -> harness.faults().deny(item.path("key").asText()));

        JsonNode report = invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()),
                reportInput("run-7", request, plan, copyInBatches(planBatches(plan), "run-7", null), null, null));

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).isEqualTo("CopyDenied");
        assertThat(report.path("cause").asText()).startsWith("every one of the " + plan.path("toCopy").asLong() + " objects to copy was refused");
    }

    @Test
    void aBatchOutOfTimeLeavesItsObjectsPendingAndTheRunIncomplete() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\", \"filters\": {\"ses\": \"04\", \"suffix\": \"trials\"}}")
                .path("request");
        JsonNode plan = invoke(new PlanHandler(services), runInput("run-8", request));

        JsonNode report = invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()),
                reportInput("run-8", request, plan, copyInBatches(planBatches(plan), "run-8", new LambdaContext(0)), null, null));

        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).isEqualTo("CopyIncomplete");
        assertThat(report.path("totals").path("pending").asLong()).isEqualTo(plan.path("toCopy").asLong()).isPositive();
        assertThat(report.path("totals").path("failed").asLong()).isZero();
        JsonNode written = JSON.readTree(harness.readMirror("_mirror/runs/run-8/report.json"));
        assertThat(written.path("pendingKeys")).hasSize((int) plan.path("toCopy").asLong());
    }

    @Test
    void aMirrorThatRefusesWritesFailsThePlanBeforeAnyCopy() throws Exception {
        harness.faults().refuseWrites(harness.mirror().bucket());
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\"}").path("request");

        assertThatThrownBy(() -> invoke(new PlanHandler(services), runInput("run-9", request)))
                .isInstanceOf(MirrorNotWritable.class)
                .hasMessageContaining("s3://" + harness.mirror().bucket() + "/")
                .hasMessageContaining("PutObject of _mirror/runs/run-9/write-probe was refused (AccessDenied, HTTP 403)");
        assertThat(harness.mirrorObjectKeys()).isEmpty();
    }

    @Test
    void aSecondRunOnTheMirrorFailsWhileTheFirstHoldsItAndGoesAheadOnceItReported() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\", \"filters\": {\"ses\": \"04\"}}").path("request");
        JsonNode first = invoke(new PlanHandler(services), runInput("run-10", request));

        assertThatThrownBy(() -> invoke(new PlanHandler(services), runInput("run-11", request)))
                .isInstanceOf(MirrorBusy.class)
                .hasMessageStartingWith("Run run-10 is mirroring into this mirror");
        JsonNode dryRun = ((ObjectNode) request.deepCopy()).put("dryRun", true);
        assertThat(invoke(new PlanHandler(services), runInput("run-12", dryRun)).path("toCopy").asLong()).isEqualTo(93);

        invoke(new ReportHandler(services, MetricsFactory.getMetricsInstance()), reportInput("run-10", request, first, null, null, null));

        assertThat(harness.table().lease()).isEmpty();
        assertThat(invoke(new PlanHandler(services), runInput("run-13", request)).path("toCopy").asLong()).isEqualTo(93);
    }

    @Test
    void aRunThatEndedWithoutItsReportIsFinishedAndGivesTheMirrorBackOnlyIfItHoldsIt() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\", \"filters\": {\"ses\": \"04\"}}").path("request");
        JsonNode plan = invoke(new PlanHandler(services), runInput("run-16", request));
        copyInBatches(planBatches(plan), "run-16", null);

        JsonNode ended = invoke(new RunEndHandler(services), statusChange("run-16", "TIMED_OUT", null));

        assertThat(ended.path("finished").asBoolean()).isTrue();
        RunRecord run = harness.table().run("run-16").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(run.error()).isEqualTo("States.Timeout");
        assertThat(run.endedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(run.startedAt()).as("the item's own start stands").isEqualTo(NOW);
        assertThat(run.progress().copied()).isEqualTo(93);
        assertThat(harness.table().lease()).isEmpty();
        // the next run may take the mirror; a late event of the ended one changes neither that run's outcome nor the new lease
        invoke(new PlanHandler(services), runInput("run-17", request));
        assertThat(invoke(new RunEndHandler(services), statusChange("run-16", "ABORTED", "Stopped")).path("finished").asBoolean()).isFalse();
        assertThat(harness.table().run("run-16").map(RunRecord::status)).contains(RunStatus.TIMED_OUT);
        assertThat(harness.table().lease().map(lease -> lease.runId())).contains("run-17");
        // Report failed after its retries: the run still ends, with the error Step Functions names
        assertThat(invoke(new RunEndHandler(services), statusChange("run-17", "FAILED", "org.laionfmri.mirror.error.MirrorAccessDenied"))
                .path("finished").asBoolean()).isTrue();
        assertThat(harness.table().run("run-17").map(RunRecord::error)).contains("MirrorAccessDenied");
        assertThat(harness.table().lease()).isEmpty();
    }

    @Test
    void aBatchOfAStoppedRunCopiesNothingAndReturnsItsObjectsAsPending() throws Exception {
        services.licence().accept("it-admin", "Ada");
        JsonNode request = invoke(new ValidateHandler(services), "{\"subjects\": \"01\", \"filters\": {\"ses\": \"04\"}}").path("request");
        JsonNode plan = invoke(new PlanHandler(services), runInput("run-20", request));
        invoke(new RunEndHandler(services), statusChange("run-20", "ABORTED", "Stopped"));

        JsonNode batch = invoke(new CopyBatchHandler(services), JSON.createObjectNode().put("runId", "run-20")
                .set("items", JSON.valueToTree(planBatches(plan).get(0))));

        assertThat(batch.path("copied").asLong()).isZero();
        assertThat(batch.path("pending")).hasSize((int) plan.path("toCopy").asLong());
        assertThat(harness.mirrorObjectKeys()).allMatch(key -> key.startsWith("_mirror/"));
    }

    @Test
    void aRunStoppedBeforeItsPlanGetsItsItemFromTheExecutionAndAMapRunsChildIsNoRun() throws Exception {
        JsonNode stopped = invoke(new RunEndHandler(services), statusChange("run-18", "ABORTED", null));

        assertThat(stopped.path("finished").asBoolean()).isTrue();
        RunRecord run = harness.table().run("run-18").orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(run.error()).isEqualTo("Stopped");
        assertThat(run.startedBy()).isEqualTo("schedule");
        assertThat(run.startedAt()).isEqualTo(NOW);
        assertThat(JSON.readTree(run.requestJson()).path("subjects").asText()).isEqualTo("all");

        ObjectNode child = (ObjectNode) statusChange("run-19", "FAILED", "States.TaskFailed");
        ((ObjectNode) child.path("detail")).put("executionArn", STATE_MACHINE.replace(":stateMachine:", ":execution:") + "/Copy:run-19");

        assertThat(invoke(new RunEndHandler(services), child).path("finished").asBoolean()).isFalse();
        assertThat(harness.table().run("run-19")).isEmpty();
    }

    /** The event EventBridge delivers for an execution of the workflow named {@code runId} that ended {@code status}. */
    private static JsonNode statusChange(String runId, String status, String error) {
        ObjectNode event = JSON.createObjectNode().put("detail-type", "Step Functions Execution Status Change").put("source", "aws.states");
        event.putObject("detail").put("executionArn", STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + runId)
                .put("stateMachineArn", STATE_MACHINE).put("name", runId).put("status", status)
                .put("startDate", NOW.toEpochMilli()).put("stopDate", NOW.plusSeconds(60).toEpochMilli())
                .put("input", "{\"subjects\": \"all\", \"startedBy\": \"schedule\"}").put("error", error);
        return event;
    }

    @Test
    void aStimulusFileTheMirrorRefusesToShowIsANamedError() throws Exception {
        harness.table().saveAccess(new StimulusAccess(REQUEST_ID, "it@example.org", AccessServiceStub.TERMS_VERSION, NOW));
        invoke(new StimuliHandler(services), "{\"runId\": \"run-14\"}");
        harness.faults().deny("stimuli/task-images_stimuli.h5");

        assertThatThrownBy(() -> invoke(new StimuliHandler(services), "{\"runId\": \"run-15\"}"))
                .isInstanceOf(MirrorAccessDenied.class)
                .hasMessageStartingWith("HeadObject of stimuli/task-images_stimuli.h5 in s3://" + harness.mirror().bucket() + " was refused (HTTP 403)");
    }

    private JsonNode runInput(String runId, JsonNode request) {
        ObjectNode input = JSON.createObjectNode().put("runId", runId);
        input.set("request", request);
        return input;
    }

    private static JsonNode reportInput(String runId, JsonNode request, JsonNode plan, JsonNode copy, JsonNode stimuli, JsonNode error) {
        ObjectNode input = JSON.createObjectNode().put("runId", runId);
        input.set("request", request);
        input.set("plan", plan);
        input.set("copy", copy);
        input.set("stimuli", stimuli);
        input.set("error", error);
        return input;
    }

    /** The plan's batches, a line each. */
    private List<List<JsonNode>> planBatches(JsonNode planOutput) throws IOException {
        String plan = new String(harness.readMirror("_mirror/runs/" + runId(planOutput) + "/plan.jsonl"), StandardCharsets.UTF_8);
        List<List<JsonNode>> batches = new ArrayList<>();
        for (String line : plan.lines().toList()) {
            if (!line.isBlank()) {
                List<JsonNode> batch = new ArrayList<>();
                JSON.readTree(line).path("items").forEach(batch::add);
                batches.add(batch);
            }
        }
        return batches;
    }

    private List<JsonNode> planItems(JsonNode planOutput) throws IOException {
        return planBatches(planOutput).stream().flatMap(List::stream).toList();
    }

    /** Runs CopyBatch over the batches as the Distributed Map would, and writes the results as its ResultWriter does. */
    private JsonNode copyInBatches(List<List<JsonNode>> batches, String runId, Context context) throws IOException {
        ArrayNode succeeded = JSON.createArrayNode();
        for (List<JsonNode> items : batches) {
            ObjectNode batch = JSON.createObjectNode().put("runId", runId);
            batch.putArray("items").addAll(items);
            JsonNode output = invoke(new CopyBatchHandler(services), batch.toString(), context);
            succeeded.addObject().put("Input", batch.toString()).put("Output", output.toString()).put("Status", "SUCCEEDED");
        }
        String prefix = "_mirror/runs/" + runId + "/results/map-run/";
        harness.writeMirror(prefix + "SUCCEEDED_0.json", succeeded.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode manifest = JSON.createObjectNode().put("DestinationBucket", harness.mirror().bucket());
        ObjectNode files = manifest.putObject("ResultFiles");
        files.putArray("SUCCEEDED").addObject().put("Key", prefix + "SUCCEEDED_0.json").put("Size", succeeded.toString().length());
        files.putArray("FAILED");
        files.putArray("PENDING");
        harness.writeMirror(prefix + "manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode copy = JSON.createObjectNode();
        copy.putObject("ResultWriterDetails").put("Bucket", harness.mirror().bucket()).put("Key", prefix + "manifest.json");
        return copy;
    }

    private static String runId(JsonNode planOutput) {
        return planOutput.path("runId").asText();
    }

    private static long totalBytes(List<JsonNode> items) {
        return items.stream().mapToLong(item -> item.path("size").asLong()).sum();
    }

    private static JsonNode invoke(RequestStreamHandler handler, String input) throws IOException {
        return invoke(handler, input, null);
    }

    private static JsonNode invoke(RequestStreamHandler handler, String input, Context context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);
        return JSON.readTree(output.toByteArray());
    }

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode input) throws IOException {
        return invoke(handler, input.toString());
    }
}

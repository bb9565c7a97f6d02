package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.MapRunInfo;
import org.laionfmri.mirror.engine.StepFunctionsServer;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.run.RunLayout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * One run of the workflow on this machine: the local engine and its Step Functions API, the run started
 * and followed through that API as against AWS, and its outcome read from the run's {@code report.json}.
 */
final class LocalRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private LocalRun() {}

    /**
     * Runs {@code requestJson} on {@code mirror}; returns the outcome: the report's totals with the
     * run's {@code status}, {@code runId}, {@code error}, {@code cause} and {@code stateTransitions}.
     */
    static ObjectNode run(LocalMirror mirror, String requestJson, PrintWriter err, boolean terminal) throws InterruptedException {
        String runId = RUN_TIME.format(Instant.now()) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        try (LocalWorkflow workflow = mirror.workflow();
                StepFunctionsServer api = StepFunctionsServer.start(workflow.engine());
                SfnClient sfn = SfnClient.builder().endpointOverride(api.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            String executionArn = sfn.startExecution(start -> start.stateMachineArn(workflow.stateMachineArn()).name(runId).input(requestJson))
                    .executionArn();
            err.println("Run " + runId + " started");
            err.flush();
            DescribeExecutionResponse ended = new RunWatcher(sfn, err, terminal).await(executionArn);
            ObjectNode outcome = report(mirror, new RunLayout(runId));
            outcome.put("status", ended.statusAsString());
            outcome.put("runId", runId);
            outcome.put("error", ended.error());
            outcome.put("cause", ended.cause());
            outcome.put("stateTransitions", transitions(workflow, executionArn));
            return outcome;
        }
    }

    /** The run's report, as Report wrote it (every run has one, however it ended). */
    private static ObjectNode report(LocalMirror mirror, RunLayout run) {
        var bucket = mirror.services().mirrorBucket();
        try (InputStream in = bucket.readAbsolute(bucket.absoluteKey(run.reportKey()))) {
            JsonNode report = JSON.readTree(in);
            ObjectNode outcome = JSON.createObjectNode();
            for (String field : new String[] {"planned", "copied", "skipped", "denied", "failed", "bytesCopied", "bytesSkipped",
                    "stimuliDownloaded", "stimuliBytes"}) {
                outcome.put(field, report.path(field).asLong());
            }
            outcome.set("s3Requests", report.path("s3Requests"));
            outcome.set("deniedKeys", report.path("deniedKeys"));
            outcome.set("failedKeys", report.path("failedKeys"));
            outcome.put("report", mirror.locate(run.reportKey()));
            return outcome;
        } catch (IOException e) {
            throw new IllegalStateException("the run's report could not be read: " + e.getMessage(), e);
        }
    }

    /** The state transitions of the run and of its map runs' child executions: what Step Functions would bill. */
    private static long transitions(LocalWorkflow workflow, String executionArn) {
        ExecutionInfo execution = workflow.engine().describeExecution(executionArn);
        return execution.stateTransitions()
                + workflow.engine().listMapRuns(executionArn).stream().mapToLong(MapRunInfo::stateTransitions).sum();
    }
}

package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A run as the client shows it, one JSON object whatever the deployment: the fields of its {@code
 * report.json} once it has one ({@code planned}, {@code toCopy}, {@code copied}, {@code bytesCopied},
 * {@code skipped}, {@code denied}, {@code failed}, {@code pending}, {@code error}, {@code cause}, {@code
 * failedStep}, the key lists, {@code s3Requests}, ...), its progress while it runs ({@code toCopy},
 * {@code bytesToCopy}, {@code copied}, {@code bytesCopied}), and {@code runId}, {@code status}, {@code
 * startedAt}, {@code endedAt}, {@code startedBy}, {@code request}, {@code report} (where report.json is)
 * and, from the local engine only, {@code stateTransitions}.
 */
final class RunView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunView() {}

    static ObjectNode of(Deployment deployment, RunRecord record, Optional<DescribeExecutionResponse> execution) {
        ObjectNode view = JSON.createObjectNode();
        view.put("runId", record.runId());
        view.put("status", status(record, execution));
        view.put("startedAt", record.startedAt().toString());
        Instant ended = record.endedAt() != null ? record.endedAt() : execution.map(DescribeExecutionResponse::stopDate).orElse(null);
        if (ended != null) {
            view.put("endedAt", ended.toString());
        }
        if (record.startedBy() != null) {
            view.put("startedBy", record.startedBy());
        }
        view.set("request", parse(record.requestJson()));
        if (record.reportKey() != null) {
            report(deployment, record).properties().forEach(field -> {
                if (!view.has(field.getKey()) && !field.getKey().equals("runId") && !field.getKey().equals("reportKey")) {
                    view.set(field.getKey(), field.getValue());
                }
            });
            view.put("report", deployment.locate(record.reportKey()));
        } else {
            RunRecord.Progress progress = record.progress();
            if (progress.planned()) {
                view.put("toCopy", progress.toCopy()).put("bytesToCopy", progress.bytesToCopy());
            }
            view.put("copied", progress.copied()).put("bytesCopied", progress.bytesCopied());
            String error = record.error() != null ? record.error() : execution.map(DescribeExecutionResponse::error).orElse(null);
            if (error != null) {
                view.put("error", error);
            }
            // a run that ended without its report (stopped, timed out): why, as its execution says (who stopped it)
            execution.map(DescribeExecutionResponse::cause).map(Redaction::redact).ifPresent(cause -> view.put("cause", cause));
        }
        execution.map(DescribeExecutionResponse::executionArn).flatMap(arn -> boxed(deployment.stateTransitions(arn)))
                .ifPresent(transitions -> view.put("stateTransitions", transitions));
        return view;
    }

    /**
     * The run's status: its item's, unless the item still says running while the execution has ended
     * without reporting (timed out, stopped from the console): then the execution's.
     */
    static String status(RunRecord record, Optional<DescribeExecutionResponse> execution) {
        if (record.status() == RunStatus.RUNNING) {
            Optional<ExecutionStatus> ended = execution.map(DescribeExecutionResponse::status).filter(status -> status != ExecutionStatus.RUNNING);
            if (ended.isPresent()) {
                return ended.get().toString();
            }
        }
        return record.status().name();
    }

    /** One line for people: the outcome and its counts. */
    static String summary(JsonNode view) {
        StringBuilder line = new StringBuilder("Run " + view.path("runId").asText() + " " + view.path("status").asText());
        if (view.path("dryRun").asBoolean()) {
            line.append(" (dry run): ").append(view.path("toCopy").asLong()).append(" to copy (").append(Bytes.human(view.path("bytesToCopy").asLong()))
                    .append("), ").append(view.path("skipped").asLong()).append(" already in the mirror");
        } else {
            line.append(": ").append(view.path("copied").asLong()).append(" copied (").append(Bytes.human(view.path("bytesCopied").asLong()))
                    .append("), ").append(view.path("skipped").asLong()).append(" already in the mirror, ").append(view.path("denied").asLong())
                    .append(" denied, ").append(view.path("failed").asLong()).append(" failed, ").append(view.path("pending").asLong()).append(" pending");
        }
        if (view.has("stateTransitions")) {
            line.append("; ").append(view.path("stateTransitions").asLong()).append(" state transitions");
        }
        if (view.has("report")) {
            line.append("; report: ").append(view.path("report").asText());
        }
        return line.toString();
    }

    /** How long the run took, or has been going. */
    static Duration duration(JsonNode view, Instant now) {
        Instant started = Instant.parse(view.path("startedAt").asText());
        return Duration.between(started, view.has("endedAt") ? Instant.parse(view.path("endedAt").asText()) : now);
    }

    private static ObjectNode report(Deployment deployment, RunRecord record) {
        var mirror = deployment.mirror();
        try (InputStream in = mirror.readAbsolute(mirror.absoluteKey(record.reportKey()))) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the report of run " + record.runId() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }
}

package org.laionfmri.mirror.client.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.error.Redaction;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;
import org.laionfmri.mirror.storage.NoSuchObject;

/**
 * A run as the client shows it, one JSON object whatever the deployment: its figures from its item (the
 * totals Report recorded: {@code planned}, {@code toCopy}, {@code copied}, {@code bytesCopied}, {@code
 * skipped}, {@code denied}, {@code failed}, {@code pending}, ...; or its progress while it runs: {@code
 * toCopy}, {@code bytesToCopy}, {@code copied}, {@code bytesCopied}), {@code runId}, {@code status}, {@code
 * startedAt}, {@code endedAt}, {@code startedBy}, {@code request}, {@code dryRun}, {@code error}, {@code
 * report} (where report.json is) and what only the report holds ({@code cause}, {@code failedStep}, the
 * key lists, {@code s3Requests}, ...), or {@code reportExpired} once the bucket's lifecycle removed it;
 * and, from the local engine only, {@code stateTransitions}.
 */
public final class RunView {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Why a run's report can be gone: the lifecycle of a stack's mirror bucket. */
    public static final String REPORTS_EXPIRE = "a stack's mirror bucket expires _mirror/runs/ after runArtefactsDays, 90 by default";

    private RunView() {}

    public static ObjectNode of(Deployment deployment, RunRecord record, Optional<Execution> execution) {
        ObjectNode view = JSON.createObjectNode();
        view.put("runId", record.runId());
        view.put("status", status(record, execution));
        view.put("startedAt", record.startedAt().toString());
        Instant ended = record.endedAt() != null ? record.endedAt() : execution.map(Execution::stoppedAt).orElse(null);
        if (ended != null) {
            view.put("endedAt", ended.toString());
        }
        if (record.startedBy() != null) {
            view.put("startedBy", record.startedBy());
        }
        JsonNode request = parse(record.requestJson());
        view.set("request", request);
        view.put("dryRun", request.path("dryRun").asBoolean(false));
        figures(record, view);
        String error = record.error() != null ? record.error() : execution.map(Execution::error).orElse(null);
        if (error != null) {
            view.put("error", error);
        }
        if (record.reportKey() != null) {
            view.put("report", deployment.locate(record.reportKey()));
            report(deployment, record).ifPresentOrElse(report -> report.properties().forEach(field -> {
                if (!view.has(field.getKey()) && !field.getKey().equals("runId") && !field.getKey().equals("reportKey")) {
                    view.set(field.getKey(), field.getValue());
                }
            }), () -> view.put("reportExpired", true));
        } else {
            // a run that ended without its report (stopped, timed out): why, as its execution says (who stopped it)
            execution.map(Execution::cause).map(Redaction::redact).ifPresent(cause -> view.put("cause", cause));
        }
        if (execution.isPresent()) {
            OptionalLong transitions = deployment.runs().stateTransitions(record.runId());
            if (transitions.isPresent()) {
                view.put("stateTransitions", transitions.getAsLong());
            }
        }
        return view;
    }

    /**
     * The run's figures from its item, so they outlive the report (whose lifecycle removes it): the totals
     * Report recorded, else, for a run going on or one that ended without its report, its progress.
     */
    private static void figures(RunRecord record, ObjectNode view) {
        RunRecord.Progress progress = record.progress();
        if (progress.planned()) {
            view.put("toCopy", progress.toCopy()).put("bytesToCopy", progress.bytesToCopy());
        }
        view.put("copied", progress.copied()).put("bytesCopied", progress.bytesCopied());
        record.totals().forEach((name, value) -> view.put(name, value));
    }

    /** A run from its item when it has one, else from its execution alone; empty when it has neither. */
    public static Optional<ObjectNode> of(Deployment deployment, Optional<RunRecord> record, Optional<Execution> execution) {
        return record.map(found -> of(deployment, found, execution)).or(() -> execution.map(RunView::of));
    }

    /**
     * A run that has no item (its execution ended, or goes on, before any step recorded it), from its execution
     * alone: who started it and what it asked from the execution's input, its status, times and error.
     */
    public static ObjectNode of(Execution execution) {
        ObjectNode view = JSON.createObjectNode();
        view.put("runId", execution.runId());
        view.put("status", execution.ended() ? execution.status().name() : RunStatus.RUNNING.name());
        view.put("startedAt", execution.startedAt().toString());
        if (execution.stoppedAt() != null) {
            view.put("endedAt", execution.stoppedAt().toString());
        }
        JsonNode request = parse(execution.input() == null ? "{}" : execution.input());
        if (request.path("startedBy").isTextual()) {
            view.put("startedBy", request.path("startedBy").asText());
        }
        view.set("request", request);
        view.put("dryRun", request.path("dryRun").asBoolean(false));
        if (execution.error() != null) {
            view.put("error", execution.error());
        }
        if (execution.cause() != null) {
            view.put("cause", execution.cause());
        }
        return view;
    }

    /**
     * The run's status: its item's, unless the item still says running while the execution has ended
     * without reporting (timed out, stopped from the console): then the execution's.
     */
    public static String status(RunRecord record, Optional<Execution> execution) {
        if (record.status() == RunStatus.RUNNING) {
            Optional<Execution.Status> ended = execution.map(Execution::status).filter(Execution.Status::ended);
            if (ended.isPresent()) {
                return ended.get().name();
            }
        }
        return record.status().name();
    }

    /** Where the run's time went, as {@code {"Validate": 0.04, "Plan": 1.2, ...}}: seconds by state, to the millisecond. */
    public static Optional<ObjectNode> phases(Deployment deployment, String runId) {
        return deployment.runs().phases(runId).map(spent -> {
            ObjectNode phases = JSON.createObjectNode();
            spent.forEach((state, time) -> phases.put(state, BigDecimal.valueOf(time.toMillis(), 3)));
            return phases;
        });
    }

    /** One line for people: the outcome and its counts. */
    public static String summary(JsonNode view) {
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
        if (view.has("report") && !view.path("reportExpired").asBoolean()) {
            line.append("; report: ").append(view.path("report").asText());
        }
        return line.toString();
    }

    /** How long the run took, or has been going. */
    public static Duration duration(JsonNode view, Instant now) {
        Instant started = Instant.parse(view.path("startedAt").asText());
        return Duration.between(started, view.has("endedAt") ? Instant.parse(view.path("endedAt").asText()) : now);
    }

    /** The run's report, for what only it holds (the key lists, the cause, the requests); empty once the bucket's lifecycle expired it. */
    private static Optional<ObjectNode> report(Deployment deployment, RunRecord record) {
        try (InputStream in = deployment.mirror().read(record.reportKey())) {
            return Optional.of((ObjectNode) JSON.readTree(in));
        } catch (NoSuchObject expired) {
            return Optional.empty();
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
}

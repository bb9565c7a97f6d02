package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.run.MapRunResults;
import org.laionfmri.mirror.run.RunLayout;
import org.laionfmri.mirror.run.RunReport;
import org.laionfmri.mirror.run.RunReporter;
import org.laionfmri.mirror.run.RunTotals;
import org.laionfmri.mirror.run.StepError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Report: every run ends here, succeeded or not. In: {@code {"runId", "request", "plan", "copy",
 * "stimuli", "error"}}, each but the run id absent when its step did not run: {@code copy} is the
 * Distributed Map's ResultWriter output, {@code stimuli} the Stimuli step's, either {@code {"error":
 * {"Error", "Cause"}}} when that part failed (each part catches its own failure, so the other's
 * accounting survives), and {@code error} a failure caught before them. Adds up the totals, writes
 * {@code report.json}, records the run, gives the mirror back, emits metrics, and answers with the
 * totals and a {@code status} the state machine turns into the run's end.
 */
public final class ReportHandler extends JsonHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReportHandler.class);

    private final Metrics metrics;

    public ReportHandler() {
        this(environmentServices(), MetricsFactory.getMetricsInstance());
    }

    public ReportHandler(MirrorServices services, Metrics metrics) {
        super(services);
        this.metrics = metrics;
    }

    @Override
    protected Object handle(JsonNode event, Context context) {
        ObjectMapper json = services().json();
        RunLayout run = new RunLayout(event.path("runId").asText(null));
        RunTotals totals = new RunTotals();
        List<StepError> errors = new ArrayList<>();
        stepError(null, event.path("error")).ifPresent(errors::add);
        JsonNode plan = event.path("plan");
        if (plan.isObject()) {
            totals.plan(plan.path("toCopy").asLong(), plan.path("bytesToCopy").asLong(), plan.path("skipped").asLong(),
                    plan.path("bytesSkipped").asLong(), requests(plan.path("s3Requests")));
            totals.addSourceRequests(requests(plan.path("sourceS3Requests")));
            plan.path("warnings").forEach(warning -> totals.warn(warning.asText()));
        }
        JsonNode copy = event.path("copy");
        stepError("Copy", copy.path("error")).ifPresent(errors::add);
        JsonNode manifest = copy.path("ResultWriterDetails").path("Key");
        if (manifest.isTextual()) {
            new MapRunResults(services().mirror(), json).addTo(totals, manifest.asText());
        }
        JsonNode stimuli = event.path("stimuli");
        stepError("Stimuli", stimuli.path("error")).ifPresent(errors::add);
        if (stimuli.has("downloaded")) {
            totals.stimuli(stimuli.path("downloaded").size(), stimuli.path("bytesDownloaded").asLong());
            totals.addRequests(requests(stimuli.path("s3Requests")));
        }
        JsonNode request = event.path("request");
        RunReport report = new RunReporter(services().state(), services().mirror(), json, services().clock()).report(run,
                request.isObject() ? request.toString() : "{}", request.path("startedBy").asText(null), request.path("dryRun").asBoolean(false),
                totals, errors);
        emitMetrics(report);
        LOG.info("run {} {}: {} copied, {} skipped, {} denied, {} failed, {} pending", run.runId(), report.status(), report.copied(),
                report.skipped(), report.denied(), report.failed(), report.pending());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("runId", report.runId());
        output.put("status", report.status().name());
        output.put("error", report.error());
        output.put("cause", report.cause());
        output.put("failedStep", report.failedStep());
        output.put("totals", totals.asRecord());
        output.put("s3Requests", report.s3Requests());
        output.put("reportKey", services().mirror().address().absolute(report.reportKey()));
        return output;
    }

    /** A caught {@code {"Error", "Cause"}}, as a step error with a short name and a message people read. */
    private Optional<StepError> stepError(String step, JsonNode caught) {
        if (!caught.path("Error").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new StepError(step, StepError.shortName(caught.path("Error").asText()), message(caught.path("Cause").asText(null))));
    }

    private void emitMetrics(RunReport report) {
        metrics.flushMetrics(run -> {
            run.addMetric("ObjectsCopied", report.copied(), MetricUnit.COUNT);
            run.addMetric("BytesCopied", report.bytesCopied(), MetricUnit.BYTES);
            run.addMetric("ObjectsSkipped", report.skipped(), MetricUnit.COUNT);
            run.addMetric("ObjectsDenied", report.denied(), MetricUnit.COUNT);
            run.addMetric("ObjectsFailed", report.failed(), MetricUnit.COUNT);
            run.addMetric("ObjectsPending", report.pending(), MetricUnit.COUNT);
            run.addMetric("RunsFailed", report.error() == null ? 0 : 1, MetricUnit.COUNT);
        });
    }

    /** A caught Lambda error's cause is {@code {"errorMessage", "errorType", ...}}: the message is what people read. */
    private String message(String cause) {
        if (cause == null || !cause.startsWith("{")) {
            return cause;
        }
        try {
            return services().json().readTree(cause).path("errorMessage").asText(cause);
        } catch (JsonProcessingException notJson) {
            return cause;
        }
    }

    private Map<String, Long> requests(JsonNode byOperation) {
        Map<String, Long> requests = new LinkedHashMap<>();
        byOperation.properties().forEach(entry -> requests.put(entry.getKey(), entry.getValue().asLong()));
        return requests;
    }
}

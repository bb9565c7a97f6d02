package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.laionfmri.mirror.run.StepError;
import org.laionfmri.mirror.run.UnreportedEnd;
import org.laionfmri.mirror.state.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RunEnd: a "Step Functions Execution Status Change" event of the workflow (an EventBridge rule in AWS; the
 * local engine raises the same event) for a run that ended FAILED, TIMED_OUT or ABORTED, whether or not its
 * Report step recorded it: finishes its item and gives the mirror back ({@link UnreportedEnd}). Events of
 * other executions (a Distributed Map's child executions) change nothing.
 */
public final class RunEndHandler extends JsonHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RunEndHandler.class);

    public RunEndHandler() {
        this(environmentServices());
    }

    public RunEndHandler(MirrorServices services) {
        super(services);
    }

    @Override
    protected Object handle(JsonNode event, Context context) {
        JsonNode detail = event.path("detail");
        String runId = detail.path("name").asText();
        String status = detail.path("status").asText();
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("runId", runId);
        output.put("status", status);
        if (!UnreportedEnd.EXECUTION_ENDS.contains(status) || !isRun(detail)) {
            output.put("finished", false);
            return output;
        }
        boolean finished = new UnreportedEnd(services().state(), services().json()).record(runId, RunStatus.valueOf(status),
                Instant.ofEpochMilli(detail.path("startDate").asLong()), Instant.ofEpochMilli(detail.path("stopDate").asLong()),
                error(status, detail.path("error")), detail.path("input").asText(null));
        LOG.info("run {} ended {}; {}", runId, status, finished ? "recorded now" : "its outcome was recorded already");
        output.put("finished", finished);
        return output;
    }

    /** A run is an execution of the state machine itself, named by its run id; a map run's child executions are not. */
    private static boolean isRun(JsonNode detail) {
        String stateMachine = detail.path("stateMachineArn").asText();
        return stateMachine.contains(":stateMachine:")
                && detail.path("executionArn").asText().equals(stateMachine.replace(":stateMachine:", ":execution:") + ":" + detail.path("name").asText());
    }

    /** The execution's error by its short name; a stop or a timeout that names none says which it was. */
    private static String error(String status, JsonNode error) {
        if (error.isTextual() && !error.asText().isEmpty()) {
            return StepError.shortName(error.asText());
        }
        return switch (status) {
            case "TIMED_OUT" -> "States.Timeout";
            case "ABORTED" -> "Stopped";
            default -> "States.Runtime";
        };
    }
}

package org.laionfmri.mirror.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.state.RunStatus;

/**
 * The end of a run that its Report step did not record: it timed out, was stopped (by {@code laion-mirror
 * stop} or from the console), or Report itself failed. Its item is finished with the status, the end and the
 * error (made from the execution when the run ended before Plan recorded it), and the mirror is given back if
 * this run still holds it; a run Report recorded is left as it is.
 */
public final class UnreportedEnd {

    /** The execution statuses that end a run without Report perhaps having recorded it. */
    public static final List<String> EXECUTION_ENDS = List.of("FAILED", "TIMED_OUT", "ABORTED");

    private final MirrorState table;
    private final ObjectMapper json;

    public UnreportedEnd(MirrorState table, ObjectMapper json) {
        this.table = table;
        this.json = json;
    }

    /**
     * @param input the execution's input (the request, with who started it), recorded only for a run that has no item yet
     * @return whether this call finished the run (false: an outcome was recorded already)
     */
    public boolean record(String runId, RunStatus status, Instant startedAt, Instant endedAt, String error, String input) {
        String request = input == null ? "{}" : input;
        boolean finished = table.endUnreported(RunRecord.started(runId, request, startedBy(request), startedAt), status, endedAt, error);
        table.releaseLease(runId); // only if this run holds it
        return finished;
    }

    /** Who the request says started it (the client and the schedule say), or null. */
    private String startedBy(String request) {
        try {
            JsonNode starter = json.readTree(request).path("startedBy");
            return starter.isTextual() ? starter.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}

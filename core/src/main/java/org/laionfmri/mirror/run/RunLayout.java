package org.laionfmri.mirror.run;

import java.util.regex.Pattern;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * Where a run keeps its artefacts in the mirror: {@code _mirror/runs/{runId}/} holds the plan (JSON
 * Lines of the objects to copy), the copy results the Distributed Map writes (under {@code results/},
 * as mirror.asl.json's ResultWriter names it), and the report. The run id is the execution's name.
 */
public record RunLayout(String runId) {

    public static final String RUNS = "_mirror/runs/";
    public static final String PROBE = "write-probe";
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}");

    public RunLayout {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new InvalidRequest("runId", (runId == null ? "is missing" : "\"" + runId + "\" is not a run id")
                    + " (letters, digits, '_', '.', ':', '-'; at most 80)");
        }
    }

    public String prefix() {
        return RUNS + runId + "/";
    }

    public String planKey() {
        return prefix() + "plan.jsonl";
    }

    public String reportKey() {
        return prefix() + "report.json";
    }

    /** The object Plan writes, reads back and deletes to prove the mirror writable. */
    public String probeKey() {
        return prefix() + PROBE;
    }
}

package org.laionfmri.mirror.client;

import java.time.Clock;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.error.InvalidRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code laion-mirror stop RUN}: stops a running run; what it copied stays, the next run copies the rest. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a running run (what it copied stays; the next sync copies the rest).")
final class StopCommand extends MirrorCommand {

    @Parameters(paramLabel = "RUN", description = "The run id.")
    String runId;

    @Option(names = "--json", description = "The stopped run as one JSON object on stdout (the schema of sync --json).")
    boolean json;

    @Override
    public Integer call() {
        mirror.validate();
        RunControl.requireRunId(runId);
        try (Deployment deployment = open(false)) {
            RunControl runs = new RunControl(deployment, Clock.systemUTC());
            if (runs.find(runId).isEmpty() && runs.execution(runId).isEmpty()) {
                throw new InvalidRequest("RUN", "no run " + runId + " on " + deployment.describe() + " (see " + suggest("runs") + ")");
            }
            if (!runs.stop(runId, RunControl.STOPPED_BY + deployment.caller())) {
                err().println("Run " + runId + " is not running: nothing to stop (see " + suggest("status " + runId) + ").");
                return LaionMirror.EXIT_FAILED;
            }
            err().println("Run " + runId + " is stopped; what it copied stays, the next sync copies the rest.");
            if (json) {
                out().println(runs.view(runId).orElseThrow());
                out().flush();
            }
        }
        return 0;
    }
}

package org.laionfmri.mirror.client.commands;

import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.RunControl;
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
        try (RunControl runs = RunControl.toStop(mirror.target())) {
            switch (runs.stop(runId)) {
                case NO_SUCH_RUN -> throw new InvalidRequest("RUN", "no run " + runId + " on " + runs.mirror() + " (see " + suggest("runs") + ")");
                case NOT_RUNNING -> {
                    err().println("Run " + runId + " is not running: nothing to stop (see " + suggest("status " + runId) + ").");
                    return ExitCode.FAILED;
                }
                case STOPPED -> err().println("Run " + runId + " is stopped; what it copied stays, the next sync copies the rest.");
            }
            if (json) {
                out().println(runs.view(runId).orElseThrow());
                out().flush();
            }
        }
        return ExitCode.OK;
    }
}

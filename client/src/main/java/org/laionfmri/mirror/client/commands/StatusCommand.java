package org.laionfmri.mirror.client.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.RunControl;
import org.laionfmri.mirror.client.output.ProgressLines;
import org.laionfmri.mirror.client.output.RunView;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.state.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code laion-mirror status [RUN]}: one run's state, counts, progress, errors and report (default: the latest run). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a run: its state, counts, progress, errors and report (default: the latest).")
final class StatusCommand extends MirrorCommand {

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "The run id (default: the latest run).")
    String runId;

    @Option(names = "--json", description = "The run as one JSON object on stdout (the schema of sync --json).")
    boolean json;

    @Override
    public Integer call() {
        mirror.validate();
        if (runId != null) {
            RunControl.requireRunId(runId);
        }
        try (RunControl runs = RunControl.toRead(mirror.target())) {
            String shown = runId != null ? runId : runs.latest()
                    .orElseThrow(() -> new InvalidRequest("RUN", "no run has been started on " + runs.mirror()));
            ObjectNode view = runs.viewWithPhases(shown)
                    .orElseThrow(() -> new InvalidRequest("RUN", "no run " + runId + " on " + runs.mirror() + " (see " + suggest("runs") + ")"));
            if (json) {
                out().println(view);
            } else {
                print(view, out());
            }
            out().flush();
        }
        return ExitCode.OK;
    }

    private static void print(ObjectNode view, PrintWriter out) {
        out.println(RunView.summary(view));
        out.println("  started " + view.path("startedAt").asText() + " by "
                + view.path("startedBy").asText("a starter that did not say who (the console, the AWS CLI)")
                + (view.has("endedAt") ? ", took " : ", running for ") + ProgressLines.clock(RunView.duration(view, Instant.now())));
        if (view.path("status").asText().equals("RUNNING") && view.has("toCopy")) {
            out.println("  " + ProgressLines.line(new RunRecord.Progress(view.path("toCopy").asLong(), view.path("bytesToCopy").asLong(),
                    view.path("copied").asLong(), view.path("bytesCopied").asLong()), RunView.duration(view, Instant.now())));
        }
        if (view.hasNonNull("error")) {
            out.println("  " + view.path("error").asText() + (view.hasNonNull("failedStep") ? " (" + view.path("failedStep").asText() + ")" : "")
                    + ": " + (view.hasNonNull("cause") ? view.path("cause").asText()
                            : view.path("reportExpired").asBoolean() ? "its cause went with the report"
                            : view.has("report") ? "see the report" : "the run ended without a report"));
        }
        if (view.path("reportExpired").asBoolean()) {
            out.println("  report " + view.path("report").asText() + " is gone (" + RunView.REPORTS_EXPIRE + "): the figures above are"
                    + " the run's record; its lists of keys went with it");
        }
    }
}

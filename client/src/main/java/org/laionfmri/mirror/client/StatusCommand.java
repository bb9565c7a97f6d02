package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.run.Execution;
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
        try (Deployment deployment = read()) {
            RunControl runs = new RunControl(deployment, Clock.systemUTC());
            String shown = runId != null ? runId : runs.recent(1).stream().findFirst().map(RunRecord::runId)
                    .orElseThrow(() -> new InvalidRequest("RUN", "no run has been started on " + deployment.describe()));
            Optional<Execution> execution = runs.execution(shown);
            ObjectNode view = RunView.of(deployment, runs.find(shown), execution)
                    .orElseThrow(() -> new InvalidRequest("RUN", "no run " + runId + " on " + deployment.describe() + " (see " + suggest("runs") + ")"));
            RunView.phases(deployment, shown).ifPresent(phases -> view.set("phases", phases));
            if (json) {
                out().println(view);
            } else {
                print(view, out());
            }
            out().flush();
        }
        return 0;
    }

    private static void print(ObjectNode view, PrintWriter out) {
        out.println(RunView.summary(view));
        out.println("  started " + view.path("startedAt").asText() + " by "
                + view.path("startedBy").asText("a starter that did not say who (the console, the AWS CLI)")
                + (view.has("endedAt") ? ", took " : ", running for ") + RunFollower.clock(RunView.duration(view, Instant.now())));
        if (view.path("status").asText().equals("RUNNING") && view.has("toCopy")) {
            out.println("  " + RunFollower.line(new RunRecord.Progress(view.path("toCopy").asLong(), view.path("bytesToCopy").asLong(),
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

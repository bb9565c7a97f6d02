package org.laionfmri.mirror.client.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.RunControl;
import org.laionfmri.mirror.client.output.Bytes;
import org.laionfmri.mirror.client.output.ProgressLines;
import org.laionfmri.mirror.client.output.RunView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code laion-mirror runs}: the mirror's recent runs, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists the mirror's recent runs, newest first.")
final class RunsCommand extends MirrorCommand {

    private static final String ROW = "%-26s %-20s %8s %-19s %8s %8s %7s %10s  %s%n";

    @Option(names = "--limit", paramLabel = "N", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Option(names = "--json", description = "One JSON object per run, a line each (the schema of sync --json).")
    boolean json;

    @Override
    public Integer call() {
        mirror.validate();
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        try (RunControl runs = RunControl.toRead(mirror.target())) {
            List<ObjectNode> recent = runs.recent(limit);
            int expired = 0;
            if (!json) {
                out().printf(ROW, "RUN", "STARTED", "DURATION", "STATUS", "COPIED", "SKIPPED", "FAILED", "BYTES", "STARTED BY");
            }
            for (ObjectNode view : recent) {
                expired += view.path("reportExpired").asBoolean() ? 1 : 0;
                if (json) {
                    out().println(view);
                } else {
                    out().printf(ROW, view.path("runId").asText(), view.path("startedAt").asText().replaceFirst("\\.\\d+Z$", "Z"),
                            ProgressLines.clock(RunView.duration(view, Instant.now())),
                            view.path("status").asText() + (view.path("dryRun").asBoolean() ? " (dry run)" : ""), view.path("copied").asLong(),
                            view.path("skipped").asLong(), view.path("failed").asLong(), Bytes.human(view.path("bytesCopied").asLong()),
                            view.path("startedBy").asText("-")); // started elsewhere (the console, the AWS CLI) without saying who
                }
            }
            if (recent.isEmpty() && !json) {
                err().println("No run has been started on " + runs.mirror() + ".");
            }
            if (expired > 0) {
                err().println("laion-mirror: the reports of " + expired + " of these runs are gone (" + RunView.REPORTS_EXPIRE
                        + "): their figures are their records'.");
            }
            out().flush();
        }
        return ExitCode.OK;
    }
}

package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import org.laionfmri.mirror.plan.PlanSummary;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.request.RequestJson;
import org.laionfmri.mirror.run.StepError;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code laion-mirror sync}: brings the mirror up to date with the selection. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Brings the mirror up to date with a selection of the dataset (the upstream download flags).")
final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SelectionOptions selection;

    @Mixin
    StorageOptions storage;

    @Option(names = "--dry-run", description = "Print the plan (what would be copied and skipped) and change nothing.")
    boolean dryRun;

    @Option(names = "--local", description = "Run the workflow on this machine (the embedded default): no AWS account needed.")
    boolean local;

    @Option(names = "--json", description = "Machine-readable output on stdout: the plan as JSON Lines, or the run's report as one JSON object.")
    boolean json;

    @Option(names = "--access-service", paramLabel = "URL", hidden = true, description = "The stimulus access service (default: the dataset's).")
    URI accessService = AccessServiceClient.DEFAULT_BASE;

    @Override
    public Integer call() throws Exception {
        if (dryRun) {
            return plan();
        }
        if (!local) {
            throw new ParameterException(spec.commandLine(), "syncing through a deployed stack is not available yet: use --local to run the workflow"
                    + " on this machine, or --dry-run to see the plan");
        }
        return runLocally();
    }

    /** Runs the workflow here; exit 0 only when the run succeeded. */
    private int runLocally() throws InterruptedException {
        MirrorRequest request = selection.toRequest().build();
        String requestJson = new RequestJson(new ObjectMapper()).write(request).toString();
        PrintWriter err = spec.commandLine().getErr();
        ObjectNode outcome;
        try (LocalMirror mirror = LocalMirror.open(storage, accessService)) {
            outcome = LocalRun.run(mirror, requestJson, err, System.console() != null);
        }
        if (json) {
            spec.commandLine().getOut().println(outcome.toString());
            spec.commandLine().getOut().flush();
        }
        err.printf("Run %s %s: %d copied (%s), %d already in the mirror, %d denied, %d failed; %d state transitions; report: %s%n",
                outcome.path("runId").asText(), outcome.path("status").asText(), outcome.path("copied").asLong(),
                Bytes.human(outcome.path("bytesCopied").asLong()), outcome.path("skipped").asLong(), outcome.path("denied").asLong(),
                outcome.path("failed").asLong(), outcome.path("stateTransitions").asLong(), outcome.path("report").asText());
        boolean succeeded = outcome.path("status").asText().equals("SUCCEEDED");
        if (!succeeded) {
            String error = StepError.shortName(outcome.path("error").asText());
            err.println("laion-mirror: " + error + ": " + outcome.path("cause").asText());
            if (error.equals(LicenseNotAccepted.class.getSimpleName())) {
                err.println("For this mirror: laion-mirror accept-license --local --dest " + storage.dest);
            }
        }
        err.flush();
        return succeeded ? 0 : LaionMirror.EXIT_FAILED;
    }


    private int plan() throws Exception {
        MirrorRequest request = selection.toRequest().dryRun(true).build();
        try (OpenStorage opened = new OpenStorage(storage); StagedPlan plan = StagedPlan.create()) {
            PlanSummary summary = new Planner(opened.source, opened.mirror).plan(request, plan);
            if (json) {
                plan.writeJsonLines(spec.commandLine().getOut());
            } else {
                plan.writeTable(spec.commandLine().getOut());
            }
            PrintWriter err = spec.commandLine().getErr();
            err.printf("Plan for %s: %d selected, %d to copy (%s), %d already in the mirror (%s); S3 requests: %s%n",
                    String.join(", ", summary.subjects()), summary.selectedCount(), summary.copyCount(),
                    Bytes.human(summary.copyBytes()), summary.skipCount(), Bytes.human(summary.skipBytes()),
                    opened.requests().snapshot());
            err.flush();
        }
        return 0;
    }
}

package org.laionfmri.mirror.client.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.laionfmri.mirror.client.ExitCode;
import org.laionfmri.mirror.client.operations.MirrorTarget;
import org.laionfmri.mirror.client.operations.PlanHere;
import org.laionfmri.mirror.client.operations.RunControl;
import org.laionfmri.mirror.client.output.Bytes;
import org.laionfmri.mirror.client.output.CostEstimate;
import org.laionfmri.mirror.client.output.PlanLines;
import org.laionfmri.mirror.client.output.ProgressLines;
import org.laionfmri.mirror.client.output.RunView;
import org.laionfmri.mirror.client.output.S3Requests;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.request.MirrorRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code laion-mirror sync}: brings the mirror up to date with a selection. It validates the request
 * here, starts a run of the workflow (on the deployed stack, or with {@code --local} on this machine),
 * and follows it to its end; {@code --dry-run} runs the workflow's plan only and prints it with what it
 * would cost. With {@code --dest} and no {@code --local}, a dry run plans right here against any store,
 * with no deployment at all.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Brings the mirror up to date with a selection of the dataset (the upstream download flags).")
final class SyncCommand extends MirrorCommand {

    @Mixin
    SelectionOptions selection;

    @Mixin
    SourceOptions source;

    @Mixin
    CostEstimate cost;

    @Option(names = "--dry-run", description = "Plan only: print what would be copied, and what it would cost; copy nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Machine-readable output on stdout: the plan as JSON Lines, or the run as one JSON object.")
    boolean json;

    @Option(names = "--no-wait", description = "Start the run on the deployed stack, print its id and return (follow it with status).")
    boolean noWait;

    @Option(names = "--n-jobs", paramLabel = "N", description = "Accepted as upstream scripts pass it; the copies are sized by the deployment"
            + " (copyMaxConcurrency of the stack, the engine's batches on this machine).")
    void nJobs(int jobs) {
        // upstream's download() sizes its local pool with it; a mirror's copies are server-side, sized by the deployment
    }

    @Override
    public Integer call() throws Exception {
        MirrorRequest request = selection.toRequest().dryRun(dryRun).build(); // invalid input stops here, before anything is opened
        if (dryRun && !mirror.local && mirror.dest != null) {
            return planHere(request);
        }
        mirror.validate();
        if (!mirror.local && (source.sourceEndpoint != null || !source.source.equals(SourceOptions.PUBLIC_SOURCE))) {
            throw new ParameterException(spec.commandLine(), "--source and --source-endpoint apply with --local: a deployed stack reads the public bucket");
        }
        if (noWait && mirror.local) {
            throw new ParameterException(spec.commandLine(), "--no-wait needs a deployed stack: a run on this machine lives in this command");
        }
        Store from = mirror.local ? source.store() : MirrorTarget.PUBLIC_SOURCE;
        if (mirror.local) {
            Locations.requireApart(spec.commandLine(), from, mirror.mirrorStore());
        }
        try (RunControl runs = RunControl.toStart(mirror.targetToMake(), from, request)) {
            String runId = runs.start(request);
            if (noWait) {
                out().println(runId);
                err().println("Run " + runId + " started on " + runs.mirror() + ". Follow it: " + suggest("status " + runId));
                return ExitCode.OK;
            }
            err().println("Run " + runId + " started on " + runs.mirror());
            err().flush();
            ProgressLines progress = new ProgressLines(err(), System.console() != null, "objects");
            ObjectNode view;
            try (Interruption interruption = Interruption.handle(() -> interrupted(runs, runId))) {
                view = runs.follow(runId, progress::show);
                progress.end();
            }
            if (dryRun) {
                CostEstimate.Copies copies = runs.planned(runId, new PlanLines(out(), json));
                out().flush();
                long mirrorLists = view.path("s3Requests").path("ListObjectsV2").asLong() - view.path("sourceS3Requests").path("ListObjectsV2").asLong();
                err().println(cost.describe(copies, mirrorLists, runs.awsRegion().map(Object::toString).orElse(null)));
            } else if (json) {
                out().println(view);
                out().flush();
            }
            return finish(view);
        }
    }

    /** Exit 0 only for a succeeded run; a failed one says why, and what to do where there is something to do. */
    private int finish(JsonNode view) {
        PrintWriter err = err();
        view.path("warnings").forEach(warning -> err.println("laion-mirror: warning: " + warning.asText()));
        err.println(RunView.summary(view));
        boolean succeeded = view.path("status").asText().equals("SUCCEEDED");
        if (view.path("status").asText().equals("ABORTED")) {
            err.println("laion-mirror: Stopped: run " + view.path("runId").asText() + " was stopped " + RunControl.stopper(view.path("cause").asText(null))
                    + "; what it copied stays, the next sync copies the rest.");
        } else if (!succeeded) {
            String error = view.path("error").asText("Failed");
            err.println("laion-mirror: " + error + ": " + view.path("cause").asText("the run did not succeed"));
            if (error.equals(LicenseNotAccepted.class.getSimpleName())) {
                err.println("Accept it for this mirror: " + suggest("accept-license"));
            }
        }
        err.flush();
        return succeeded ? ExitCode.OK : ExitCode.FAILED;
    }

    /**
     * Ctrl-C: a run in AWS goes on (this command only detaches from it); a run on this machine would die
     * with this process, so it is stopped and recorded as aborted, and the next sync carries on.
     */
    private void interrupted(RunControl runs, String runId) {
        if (runs.inProcess()) {
            runs.stopInterrupted(runId);
            err().println("laion-mirror: Interrupted: run " + runId + " stopped; what it copied stays, the next sync copies the rest.");
        } else {
            err().println("laion-mirror: Detached from run " + runId + ", which goes on in " + runs.mirror() + ". Follow it: "
                    + suggest("status " + runId) + "; stop it: " + suggest("stop " + runId));
        }
        if (json) {
            runs.view(runId).ifPresent(out()::println);
        }
        err().flush();
        out().flush();
        runs.close();
    }

    /** A dry run right here, against any store, with no deployment at all. */
    private int planHere(MirrorRequest request) throws Exception {
        Store from = source.store();
        Store to = mirror.mirrorStore();
        Locations.requireApart(spec.commandLine(), from, to);
        PlanHere.Outcome plan = PlanHere.plan(request, from, to, new PlanLines(out(), json));
        out().flush();
        PrintWriter err = err();
        err.printf("Plan for %s: %d selected, %d to copy (%s), %d already in the mirror (%s)%s%n",
                String.join(", ", plan.summary().subjects()), plan.summary().selectedCount(), plan.summary().copyCount(),
                Bytes.human(plan.summary().copyBytes()), plan.summary().skipCount(), Bytes.human(plan.summary().skipBytes()),
                S3Requests.said(plan.requests()));
        plan.summary().warnings().forEach(warning -> err.println("laion-mirror: warning: " + warning));
        err.println(cost.describe(plan.copies(), plan.mirrorLists(), plan.mirrorRegion()));
        err.flush();
        return ExitCode.OK;
    }
}

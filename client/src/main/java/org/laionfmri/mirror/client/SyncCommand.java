package org.laionfmri.mirror.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.laionfmri.mirror.client.deployment.Deployment;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.error.LicenseNotAccepted;
import org.laionfmri.mirror.plan.PlanSummary;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.run.Execution;
import org.laionfmri.mirror.run.RunLayout;
import org.laionfmri.mirror.storage.ObjectStore;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
        MirrorRequest.Builder request = selection.toRequest().dryRun(dryRun);
        if (dryRun && !mirror.local && mirror.dest != null) {
            return planHere(request.build());
        }
        request.build(); // invalid input stops here, before anything is opened
        mirror.validate();
        if (!mirror.local && (source.sourceEndpoint != null || !source.source.equals(SourceOptions.PUBLIC_SOURCE))) {
            throw new ParameterException(spec.commandLine(), "--source and --source-endpoint apply with --local: a deployed stack reads the public bucket");
        }
        if (noWait && mirror.local) {
            throw new ParameterException(spec.commandLine(), "--no-wait needs a deployed stack: a run on this machine lives in this command");
        }
        Store from = mirror.local ? source.store() : PUBLIC_SOURCE;
        if (mirror.local) {
            Locations.requireApart(spec.commandLine(), from, mirror.mirrorStore());
            SubjectPreflight.requireKnown(from, request.build());
        }
        try (Deployment deployment = mirror.open(from, true)) {
            RunControl runs = new RunControl(deployment, Clock.systemUTC());
            String runId = runs.start(request.startedBy(deployment.caller()).build());
            if (noWait) {
                out().println(runId);
                err().println("Run " + runId + " started on " + deployment.describe() + ". Follow it: " + suggest("status " + runId));
                return 0;
            }
            err().println("Run " + runId + " started on " + deployment.describe());
            err().flush();
            Execution ended;
            try (Interruption interruption = Interruption.handle(() -> interrupted(deployment, runs, runId))) {
                ended = new RunFollower(deployment, runs, err(), System.console() != null).follow(runId);
            }
            ObjectNode view = RunView.of(deployment, runs.find(runId), Optional.of(ended)).orElseThrow();
            RunView.phases(deployment, runId).ifPresent(phases -> view.set("phases", phases));
            if (dryRun) {
                CostEstimate.Copies copies = printPlan(deployment.mirror(), runId);
                long mirrorLists = view.path("s3Requests").path("ListObjectsV2").asLong() - view.path("sourceS3Requests").path("ListObjectsV2").asLong();
                err().println(cost.describe(copies, mirrorLists, deployment.awsRegion().map(Object::toString).orElse(null)));
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
        return succeeded ? 0 : LaionMirror.EXIT_FAILED;
    }

    /**
     * Ctrl-C: a run in AWS goes on (this command only detaches from it); a run on this machine would die
     * with this process, so it is stopped and recorded as aborted, and the next sync carries on.
     */
    private void interrupted(Deployment deployment, RunControl runs, String runId) {
        if (deployment.inProcess()) {
            runs.stop(runId, "Interrupted");
            err().println("laion-mirror: Interrupted: run " + runId + " stopped; what it copied stays, the next sync copies the rest.");
        } else {
            err().println("laion-mirror: Detached from run " + runId + ", which goes on in " + deployment.describe() + ". Follow it: "
                    + suggest("status " + runId) + "; stop it: " + suggest("stop " + runId));
        }
        if (json) {
            runs.view(runId).ifPresent(out()::println);
        }
        err().flush();
        out().flush();
        deployment.close();
    }

    /** Prints the plan object's copies, as JSON Lines of {@code {"key", "size", "action": "copy"}} or a table; returns them. */
    private CostEstimate.Copies printPlan(ObjectStore mirror, String runId) throws IOException {
        PrintWriter out = out();
        CostEstimate.Copies copies = new CostEstimate.Copies();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(mirror.read(new RunLayout(runId).planKey()), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                for (JsonNode item : JSON.readTree(line).path("items")) {
                    copies.add(item.path("size").asLong());
                    if (json) {
                        out.println(JSON.createObjectNode().put("key", item.path("key").asText()).put("size", item.path("size").asLong()).put("action", "copy"));
                    } else {
                        out.printf("%-4s %10s  %s%n", "copy", Bytes.human(item.path("size").asLong()), item.path("key").asText());
                    }
                }
            }
        }
        out.flush();
        return copies;
    }

    /** A dry run right here: the planner over the two stores' listings, copies and skips in key order. */
    private int planHere(MirrorRequest request) throws Exception {
        Store from = source.store();
        Store to = mirror.mirrorStore();
        Locations.requireApart(spec.commandLine(), from, to);
        try (OpenStorage opened = new OpenStorage(from, to); StagedPlan plan = StagedPlan.create()) {
            PlanSummary summary = new Planner(opened.source, opened.mirror).plan(request, plan);
            if (json) {
                plan.writeJsonLines(out());
            } else {
                plan.writeTable(out());
            }
            PrintWriter err = err();
            err.printf("Plan for %s: %d selected, %d to copy (%s), %d already in the mirror (%s)%s%n",
                    String.join(", ", summary.subjects()), summary.selectedCount(), summary.copyCount(),
                    Bytes.human(summary.copyBytes()), summary.skipCount(), Bytes.human(summary.skipBytes()), OpenStorage.said(opened.requests()));
            summary.warnings().forEach(warning -> err.println("laion-mirror: warning: " + warning));
            String region = to instanceof Store.Bucket bucket && bucket.location().endpoint() == null ? bucket.location().region().id() : null;
            err.println(cost.describe(plan.copies(), opened.mirrorRequests().getOrDefault("ListObjectsV2", 0L), region));
            err.flush();
        }
        return 0;
    }
}

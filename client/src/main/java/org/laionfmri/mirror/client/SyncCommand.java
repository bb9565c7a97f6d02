package org.laionfmri.mirror.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.laionfmri.mirror.plan.PlanSummary;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.request.MirrorRequest;
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

    @Option(names = "--json", description = "Machine-readable output on stdout: the plan as JSON Lines.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!dryRun) {
            throw new ParameterException(spec.commandLine(), "sync without --dry-run is not available yet: this version plans only");
        }
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

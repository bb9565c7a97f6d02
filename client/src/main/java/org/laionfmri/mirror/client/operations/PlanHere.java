package org.laionfmri.mirror.client.operations;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.laionfmri.mirror.client.output.CostEstimate;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.plan.PlanItem;
import org.laionfmri.mirror.plan.PlanSummary;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.request.MirrorRequest;

/** A dry run right here, with no deployment at all: the planner over the two stores' listings, copies and skips in key order. */
public final class PlanHere {

    /**
     * What was planned: the summary, the copies, the S3 requests sent (all, and the mirror's LISTs: what
     * its owner pays for), and the mirror's AWS region (null when it is not in AWS).
     */
    public record Outcome(PlanSummary summary, CostEstimate.Copies copies, Map<String, Long> requests, long mirrorLists, String mirrorRegion) {}

    private PlanHere() {}

    /** Plans {@code request} from {@code source} into {@code mirror}; {@code each} is given the items only once the whole plan is made. */
    public static Outcome plan(MirrorRequest request, Store source, Store mirror, Consumer<PlanItem> each) throws IOException {
        try (OpenStorage opened = new OpenStorage(source, mirror); StagedPlan plan = StagedPlan.create()) {
            PlanSummary summary = new Planner(opened.source, opened.mirror).plan(request, plan);
            plan.forEach(each);
            String region = mirror instanceof Store.Bucket bucket && bucket.location().endpoint() == null ? bucket.location().region().id() : null;
            return new Outcome(summary, plan.copies(), opened.requests(), opened.mirrorRequests().getOrDefault("ListObjectsV2", 0L), region);
        }
    }
}

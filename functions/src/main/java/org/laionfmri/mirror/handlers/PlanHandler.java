package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.laionfmri.mirror.plan.PlanSummary;
import org.laionfmri.mirror.plan.PlanWriter;
import org.laionfmri.mirror.plan.Planner;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.request.RequestJson;
import org.laionfmri.mirror.run.RunLayout;
import org.laionfmri.mirror.state.RunRecord;
import org.laionfmri.mirror.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plan: {@code {"runId", "request"}} in. Takes the mirror's lease (a dry run copies nothing and needs
 * none), proves the mirror writable, then streams the objects to copy, in batches, into the run's plan
 * object; only counts and the plan's location out.
 */
public final class PlanHandler extends JsonHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PlanHandler.class);

    public PlanHandler() {
        this(environmentServices());
    }

    public PlanHandler(MirrorServices services) {
        super(services);
    }

    @Override
    protected Object handle(JsonNode event, Context context) {
        RunLayout run = new RunLayout(event.path("runId").asText(null));
        RequestJson requests = new RequestJson(services().json());
        MirrorRequest request = requests.parse(event.path("request"));
        Instant now = services().clock().instant();
        services().state().startRun(RunRecord.started(run.runId(), requests.write(request).toString(), request.startedBy(), now));
        if (!request.dryRun()) {
            services().state().acquireLease(run.runId(), now, now.plus(services().settings().runTimeout()));
        }
        Map<String, Long> requestsBefore = services().requests().snapshot();
        Map<String, Long> sourceRequestsBefore = services().sourceRequests().snapshot();
        ObjectStore mirror = services().mirror();
        mirror.proveWritable(run.probeKey());
        PlanSummary summary;
        long batches;
        try (PlanWriter plan = PlanWriter.open(mirror, run.planKey(), services().json(), services().settings().batchLimits())) {
            summary = new Planner(services().source(), mirror).plan(request, plan);
            plan.commit();
            batches = plan.batches();
        }
        services().state().recordPlan(run.runId(), summary.copyCount(), summary.copyBytes());
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("runId", run.runId());
        output.put("bucket", mirror.address().bucket());
        output.put("planKey", mirror.address().absolute(run.planKey()));
        output.put("subjects", summary.subjects());
        output.put("toCopy", summary.copyCount());
        output.put("bytesToCopy", summary.copyBytes());
        output.put("batches", batches);
        output.put("skipped", summary.skipCount());
        output.put("bytesSkipped", summary.skipBytes());
        output.put("s3Requests", services().requests().since(requestsBefore));
        output.put("sourceS3Requests", services().sourceRequests().since(sourceRequestsBefore)); // of those, the source's
        // what the plan noticed, and what the source's listing left out (a directory's links, never followed)
        output.put("warnings", Stream.concat(summary.warnings().stream(), services().source().warnings().stream()).toList());
        LOG.info("planned run {}: {} objects to copy ({} bytes), {} already mirrored", run.runId(), summary.copyCount(),
                summary.copyBytes(), summary.skipCount());
        return output;
    }
}

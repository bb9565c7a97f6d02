package org.laionfmri.mirror.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.copy.BatchResult;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.copy.Deadline;
import org.laionfmri.mirror.copy.RunWatch;
import org.laionfmri.mirror.run.RunLayout;
import org.laionfmri.mirror.run.RunProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CopyBatch: one line of the plan as the Distributed Map's ItemSelector delivers it ({@code {"runId",
 * "items": [{"key", "size"}...]}}), copied server-side within the function's remaining time and while
 * its run goes on (a stopped run's batches start no further copy); the outcome per kind out, and the
 * run's live progress advanced as the copies complete.
 */
public final class CopyBatchHandler extends JsonHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CopyBatchHandler.class);

    public CopyBatchHandler() {
        this(environmentServices());
    }

    public CopyBatchHandler(MirrorServices services) {
        super(services);
    }

    @Override
    protected Object handle(JsonNode event, Context context) {
        RunLayout run = new RunLayout(event.path("runId").asText(null));
        List<CopyItem> items = new ArrayList<>();
        for (JsonNode item : event.path("items")) {
            items.add(new CopyItem(item.path("key").asText(), item.path("size").asLong()));
        }
        Deadline deadline = context == null ? Deadline.none()
                : Deadline.within(services().clock().instant(), Duration.ofMillis(context.getRemainingTimeInMillis()));
        BatchResult result;
        try (RunProgress progress = new RunProgress(services().state(), run.runId(), services().clock(), services().settings().progressEvery())) {
            result = services().copier().copy(items, deadline, RunWatch.of(services().state(), run.runId(), services().clock()), progress);
        }
        LOG.info("copied {} of {} objects ({} bytes); {} denied, {} failed, {} pending", result.copied(), items.size(), result.bytesCopied(),
                result.denied().size(), result.failed().size(), result.pending().size());
        return result;
    }
}

package org.laionfmri.mirror.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.copy.BatchResult;
import org.laionfmri.mirror.copy.CopyItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CopyBatch: one batch of plan items as the Distributed Map's ItemBatcher delivers it ({@code {"Items":
 * [{"key", "size"}...], "BatchInput": {...}}}), copied server-side; the outcome per kind out.
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
    protected Object handle(JsonNode event) {
        List<CopyItem> items = new ArrayList<>();
        for (JsonNode item : event.path("Items")) {
            items.add(new CopyItem(item.path("key").asText(), item.path("size").asLong()));
        }
        BatchResult result = services().copier().copy(items);
        LOG.info("copied {} of {} objects ({} bytes); {} denied, {} failed", result.copied(), items.size(), result.bytesCopied(),
                result.denied().size(), result.failed().size());
        return result;
    }
}

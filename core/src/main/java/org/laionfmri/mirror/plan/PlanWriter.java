package org.laionfmri.mirror.plan;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.laionfmri.mirror.copy.CopyBatch;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.ObjectUpload;

/**
 * Streams the objects to copy into the plan object, grouped into copy batches within {@link
 * BatchLimits}, one {@code {"items": [{"key", "size"}...]}} line a batch, as the Distributed Map's item
 * reader takes them (each line is one child execution's work). Only one batch is held in memory, and
 * the plan is stored only when planning succeeded.
 */
public final class PlanWriter implements Consumer<PlanItem>, AutoCloseable {

    /** A line must stay well below Step Functions' 256 KiB limit on a child execution's input. */
    static final int MAX_LINE_BYTES = 200 * 1024;
    /** A line's JSON besides its keys: the wrapper, and per item the braces, field names, size and commas. */
    private static final int WRAPPER_BYTES = 16;
    private static final int ITEM_OVERHEAD_BYTES = 40;

    private final ObjectUpload upload;
    private final SequenceWriter lines;
    private final BatchLimits limits;
    private final List<CopyItem> batch = new ArrayList<>();
    private long batchBytes;
    private int batchLineBytes = WRAPPER_BYTES;
    private long batches;
    private boolean committed;

    private PlanWriter(ObjectUpload upload, SequenceWriter lines, BatchLimits limits) {
        this.upload = upload;
        this.lines = lines;
        this.limits = limits;
    }

    public static PlanWriter open(ObjectStore mirror, String key, ObjectMapper mapper, BatchLimits limits) {
        ObjectUpload upload = mirror.upload(key, Map.of());
        try {
            return new PlanWriter(upload, mapper.writer().withRootValueSeparator("\n").writeValues(upload.stream()), limits);
        } catch (IOException e) {
            upload.abort();
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the item to the current batch when it is to be copied; skipped items are only counted by the planner. */
    @Override
    public void accept(PlanItem item) {
        if (item.action() != Action.COPY) {
            return;
        }
        int lineBytes = JsonStringEncoder.getInstance().quoteAsUTF8(item.key()).length + ITEM_OVERHEAD_BYTES;
        boolean full = batch.size() >= limits.maxItems()
                || batchBytes + item.size() > limits.maxBytes()
                || batchLineBytes + lineBytes > MAX_LINE_BYTES;
        if (!batch.isEmpty() && full) {
            flush();
        }
        batch.add(new CopyItem(item.key(), item.size()));
        batchBytes += item.size();
        batchLineBytes += lineBytes;
    }

    /** How many batches the plan holds (after {@link #commit()}). */
    public long batches() {
        return batches;
    }

    /** Stores the plan. */
    public void commit() {
        if (!batch.isEmpty()) {
            flush();
        }
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        upload.commit();
        committed = true;
    }

    private void flush() {
        try {
            lines.write(new CopyBatch(List.copyOf(batch)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batches++;
        batch.clear();
        batchBytes = 0;
        batchLineBytes = WRAPPER_BYTES;
    }

    /** Without a commit, nothing is stored. */
    @Override
    public void close() {
        if (!committed) {
            upload.abort();
        }
    }
}

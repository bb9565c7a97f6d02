package org.laionfmri.mirror.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;
import org.laionfmri.mirror.copy.CopyItem;
import org.laionfmri.mirror.storage.MirrorBucket;
import org.laionfmri.mirror.storage.StreamingUpload;

/**
 * Streams the objects to copy into the plan object, one {@code {"key", "size"}} line each, as the
 * Distributed Map's item reader takes them: the plan is never held in memory, and it is stored only
 * when planning succeeded.
 */
public final class PlanWriter implements Consumer<PlanItem>, AutoCloseable {

    private final StreamingUpload upload;
    private final SequenceWriter lines;
    private boolean committed;

    private PlanWriter(StreamingUpload upload, SequenceWriter lines) {
        this.upload = upload;
        this.lines = lines;
    }

    public static PlanWriter open(MirrorBucket mirror, String key, ObjectMapper mapper) {
        StreamingUpload upload = mirror.upload(key, Map.of());
        try {
            return new PlanWriter(upload, mapper.writer().withRootValueSeparator("\n").writeValues(upload.stream()));
        } catch (IOException e) {
            upload.abort();
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the item when it is to be copied; skipped items are only counted by the planner. */
    @Override
    public void accept(PlanItem item) {
        if (item.action() == Action.COPY) {
            try {
                lines.write(new CopyItem(item.key(), item.size()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Stores the plan. */
    public void commit() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        upload.commit();
        committed = true;
    }

    /** Without a commit, nothing is stored. */
    @Override
    public void close() {
        if (!committed) {
            upload.abort();
        }
    }
}

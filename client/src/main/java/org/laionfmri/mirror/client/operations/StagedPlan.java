package org.laionfmri.mirror.client.operations;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.laionfmri.mirror.client.output.CostEstimate;
import org.laionfmri.mirror.plan.Action;
import org.laionfmri.mirror.plan.PlanItem;

/**
 * A plan staged as JSON Lines in a temporary file while it is made, so nothing reaches stdout unless
 * the whole plan succeeds, and memory does not grow with its size.
 */
public final class StagedPlan implements Consumer<PlanItem>, AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final SequenceWriter writer;
    private final CostEstimate.Copies copies = new CostEstimate.Copies();

    private StagedPlan(Path file, SequenceWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    static StagedPlan create() {
        try {
            Path file = Files.createTempFile("laion-mirror-plan", ".jsonl");
            return new StagedPlan(file, MAPPER.writer().withRootValueSeparator("\n").writeValues(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the plan: " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(PlanItem item) {
        if (item.action() == Action.COPY) {
            copies.add(item.size());
        }
        try {
            writer.write(item);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the plan: " + e.getMessage(), e);
        }
    }

    /** The copies the plan holds, for what they would cost. */
    public CostEstimate.Copies copies() {
        return copies;
    }

    /** Gives the whole plan's items to {@code each}, in the order they were planned. */
    public void forEach(Consumer<PlanItem> each) throws IOException {
        writer.close();
        try (MappingIterator<PlanItem> items = MAPPER.readerFor(PlanItem.class).readValues(file.toFile())) {
            items.forEachRemaining(each);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
        Files.deleteIfExists(file);
    }
}

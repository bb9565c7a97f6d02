package org.laionfmri.mirror.client.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.laionfmri.mirror.plan.PlanItem;

/** A plan on stdout, a line an item: {@code {"key", "size", "action"}} JSON Lines, or for people action, size and key. */
public final class PlanLines implements Consumer<PlanItem> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;

    public PlanLines(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    @Override
    public void accept(PlanItem item) {
        if (!json) {
            out.printf("%-4s %10s  %s%n", item.action().jsonName(), Bytes.human(item.size()), item.key());
            return;
        }
        try {
            out.println(JSON.writeValueAsString(item));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the plan: " + e.getOriginalMessage(), e);
        }
    }
}

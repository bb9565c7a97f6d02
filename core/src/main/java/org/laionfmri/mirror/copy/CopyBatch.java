package org.laionfmri.mirror.copy;

import java.util.List;

/** One line of a plan: the objects one copy function invocation copies. */
public record CopyBatch(List<CopyItem> items) {

    public CopyBatch {
        items = List.copyOf(items);
    }
}

package org.laionfmri.mirror.plan;

import java.util.List;

/** The totals of a plan: what would be copied and skipped, and for which subjects. */
public record PlanSummary(List<String> subjects, long copyCount, long copyBytes, long skipCount, long skipBytes) {

    public PlanSummary {
        subjects = List.copyOf(subjects);
    }

    public long selectedCount() {
        return copyCount + skipCount;
    }
}

package org.laionfmri.mirror.plan;

import java.util.List;

/**
 * The totals of a plan: what would be copied and skipped, for which subjects, and what the person who
 * asked should know (a requested session that is held out, or that no selected file is from).
 */
public record PlanSummary(List<String> subjects, long copyCount, long copyBytes, long skipCount, long skipBytes, List<String> warnings) {

    public PlanSummary {
        subjects = List.copyOf(subjects);
        warnings = List.copyOf(warnings);
    }

    public long selectedCount() {
        return copyCount + skipCount;
    }
}

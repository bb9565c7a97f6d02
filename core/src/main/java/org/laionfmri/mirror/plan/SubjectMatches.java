package org.laionfmri.mirror.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laionfmri.mirror.error.NoMatchingData;
import org.laionfmri.mirror.request.Filters;
import org.laionfmri.mirror.selection.Walk;

/**
 * Upstream's "no matching data" rule: a subject whose counted walks ({@link Walk.IfEmpty#SUBJECT_UNMATCHED})
 * all selected nothing fails the plan, naming the subject, the filters and the prefixes walked. A
 * subject with no counted walk (a subject-level include is set) never fails.
 */
final class SubjectMatches {

    private final Map<String, Counted> bySubject = new LinkedHashMap<>();

    /** Subjects in the request's order, so the first one named is the first one asked for. */
    SubjectMatches(List<String> subjects) {
        subjects.forEach(subject -> bySubject.put(subject, new Counted()));
    }

    void record(Walk walk, long selected) {
        Counted counted = bySubject.get(walk.subject());
        counted.prefixes.add(walk.prefix());
        counted.selected += selected;
    }

    void requireEach(Filters filters) {
        bySubject.forEach((subject, counted) -> {
            if (!counted.prefixes.isEmpty() && counted.selected == 0) {
                throw new NoMatchingData("No LAION-fMRI files matched subject='" + subject + "' with filters ("
                        + filters.describe() + ") under " + String.join(" or ", counted.prefixes)
                        + ". Check the subject ID and BIDS filters.");
            }
        });
    }

    private static final class Counted {
        private final List<String> prefixes = new ArrayList<>();
        private long selected;
    }
}

package org.laionfmri.mirror.selection;

import java.util.function.Predicate;

/**
 * One listing of the source: every key under {@code prefix} that {@code selects} accepts belongs to the
 * selection. {@code subject} is null for dataset-wide parts; {@code ifEmpty} says what selecting nothing
 * here means.
 */
public record Walk(Part part, String prefix, Predicate<String> selects, String subject, IfEmpty ifEmpty) {

    /** What a walk that selects nothing means. */
    public enum IfEmpty {
        /** Nothing: the part may well be empty. */
        FINE,
        /** A requested exact key is missing from the source: an error naming it. */
        MISSING_KEY,
        /** It counts towards upstream's "no matching data": an error when every such walk of a subject selects nothing. */
        SUBJECT_UNMATCHED
    }

    static Walk exactKey(Part part, String key, IfEmpty ifEmpty) {
        return new Walk(part, key, key::equals, null, ifEmpty);
    }
}

package org.laionfmri.mirror.selection;

import java.util.function.Predicate;

/**
 * One listing of the source: every key under {@code prefix} that {@code selects} accepts belongs to the
 * selection. {@code subject} is null for dataset-wide parts; a {@code required} walk must select at
 * least one key (a requested stimulus derivative that is missing is an error).
 */
public record Walk(Part part, String prefix, Predicate<String> selects, String subject, boolean required) {

    static Walk exactKey(Part part, String key, boolean required) {
        return new Walk(part, key, key::equals, null, required);
    }
}

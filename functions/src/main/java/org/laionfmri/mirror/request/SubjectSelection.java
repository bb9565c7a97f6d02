package org.laionfmri.mirror.request;

import java.util.LinkedHashSet;
import java.util.List;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * Which subjects a request names: every subject found in the source ({@code all}), or a list of
 * normalised ids ({@code "01"} and {@code "sub-01"} both mean {@code sub-01}; no padding, no existence
 * check, as upstream).
 */
public record SubjectSelection(boolean all, List<String> ids) {

    public static final String ALL = "all";
    private static final String SUBJECT_PREFIX = "sub-";

    public SubjectSelection {
        ids = List.copyOf(ids);
    }

    public static SubjectSelection allSubjects() {
        return new SubjectSelection(true, List.of());
    }

    /** Parses subject values as given in the request or on the command line; {@code ["all"]} means all. */
    public static SubjectSelection of(List<String> values) {
        if (values.isEmpty()) {
            throw new InvalidRequest("subjects", "at least one subject is required (an id such as \"01\", or \"all\")");
        }
        if (values.contains(ALL)) {
            if (values.size() > 1) {
                throw new InvalidRequest("subjects", "\"all\" cannot be combined with other subjects");
            }
            return allSubjects();
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            ids.add(normalise("subjects[" + i + "]", values.get(i)));
        }
        return new SubjectSelection(false, List.copyOf(ids));
    }

    private static String normalise(String field, String value) {
        PlainToken.require(field, value);
        if (value.equals(SUBJECT_PREFIX)) {
            throw new InvalidRequest(field, PlainToken.quote(value) + " is not a subject (expected e.g. \"sub-01\" or \"01\")");
        }
        return value.startsWith(SUBJECT_PREFIX) ? value : SUBJECT_PREFIX + value;
    }
}

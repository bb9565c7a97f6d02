package org.laionfmri.mirror.request;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.laionfmri.mirror.error.InvalidRequest;

/**
 * Which subjects a request names: every subject found in the source ({@code all}), a list of
 * normalised ids ({@code "01"} and {@code "sub-01"} both mean {@code sub-01}; no padding, no existence
 * check, as upstream), or none, for a request that asks only for stimulus files.
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

    /** No subject: upstream's standalone stimulus downloads ({@code download_embeddings()}, ...) take none. */
    public static SubjectSelection none() {
        return new SubjectSelection(false, List.of());
    }

    public boolean isNone() {
        return !all && ids.isEmpty();
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

    /** A subject label is a BIDS label: letters and digits only. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]{1,64}");

    private static String normalise(String field, String value) {
        PlainToken.require(field, value);
        String label = value.startsWith(SUBJECT_PREFIX) ? value.substring(SUBJECT_PREFIX.length()) : value;
        if (!LABEL.matcher(label).matches()) {
            throw new InvalidRequest(field, PlainToken.quote(value.length() > 80 ? value.substring(0, 77) + "..." : value)
                    + " is not a subject (expected e.g. \"sub-01\" or \"01\": letters and digits, at most 64)");
        }
        return SUBJECT_PREFIX + label;
    }
}

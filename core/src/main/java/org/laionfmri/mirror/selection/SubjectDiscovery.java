package org.laionfmri.mirror.selection;

import java.util.List;
import java.util.TreeSet;
import org.laionfmri.mirror.error.NoMatchingData;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.storage.KeyOrder;
import org.laionfmri.mirror.storage.ObjectListing;

/** Resolves {@code all}: the union of {@code sub-*} folders under the subject parents, sorted. */
public final class SubjectDiscovery {

    private static final String SUBJECT_PREFIX = "sub-";

    private SubjectDiscovery() {}

    /** The subjects {@code request} selects: the ones it names, or for {@code all} every subject {@code source} holds. */
    public static List<String> subjectsOf(MirrorRequest request, ObjectListing source) {
        return request.subjects().all() ? discover(source) : request.subjects().ids();
    }

    public static List<String> discover(ObjectListing source) {
        TreeSet<String> subjects = new TreeSet<>(KeyOrder.COMPARATOR);
        for (String parent : SourceLayout.SUBJECT_PARENTS) {
            for (String child : source.childPrefixes(parent)) {
                String name = child.substring(parent.length(), child.length() - 1);
                if (name.startsWith(SUBJECT_PREFIX)) {
                    subjects.add(name);
                }
            }
        }
        if (subjects.isEmpty()) {
            throw new NoMatchingData("No LAION-fMRI subjects were found in the source bucket under any of "
                    + SourceLayout.SUBJECT_PARENTS + ". Check the source and its layout.");
        }
        return List.copyOf(subjects);
    }
}

package org.laionfmri.mirror.client.operations;

import java.nio.file.Files;
import java.util.List;
import java.util.TreeSet;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.error.InvalidRequest;
import org.laionfmri.mirror.request.MirrorRequest;
import org.laionfmri.mirror.selection.SourceLayout;
import org.laionfmri.mirror.selection.SubjectDiscovery;

/**
 * Before a run on this machine makes anything (or a check compares anything), the subjects it names must
 * exist in the source: a subject the source does not hold is invalid input (exit 2, nothing written), not
 * a failed run. A directory is looked at directly; a bucket costs a few LISTs with a delimiter.
 */
final class SubjectPreflight {

    private SubjectPreflight() {}

    static void requireKnown(Store source, MirrorRequest request) {
        if (request.subjects().all() || request.subjects().isNone()) {
            return;
        }
        List<String> requested = request.subjects().ids();
        TreeSet<String> known = new TreeSet<>();
        if (source instanceof Store.Directory directory) {
            for (String subject : requested) {
                if (SourceLayout.SUBJECT_PARENTS.stream().anyMatch(parent -> Files.isDirectory(directory.path().resolve(parent + subject)))) {
                    known.add(subject);
                }
            }
        } else {
            try (OpenStorage opened = new OpenStorage(source)) {
                known.addAll(SubjectDiscovery.discover(opened.source));
            }
        }
        for (int i = 0; i < requested.size(); i++) {
            if (!known.contains(requested.get(i))) {
                throw new InvalidRequest("subjects[" + i + "]", "the source holds no subject " + requested.get(i)
                        + (source instanceof Store.Directory ? "" : " (it holds " + String.join(", ", known) + ")"));
            }
        }
    }
}

package org.laionfmri.mirror.local.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What listings of a directory store left out, for people: each symbolic link (to a file or a folder:
 * never followed, so never listed nor copied) and special file, named once however often it is listed.
 * The first {@value #NAMED_AT_MOST} are named one line each, the rest counted in one more line.
 */
final class SkippedEntries {

    static final int NAMED_AT_MOST = 100;

    private final Path root;
    private final Set<String> seen = new HashSet<>();
    private final List<String> named = new ArrayList<>();

    SkippedEntries(Path root) {
        this.root = root;
    }

    /** {@code path} (relative to the root) is not listed because it is {@code what}. */
    synchronized void skipped(String path, String what) {
        if (seen.add(path) && named.size() < NAMED_AT_MOST) {
            named.add("Left out " + root.resolve(path) + ": " + what + ".");
        }
    }

    synchronized List<String> warnings() {
        List<String> warnings = new ArrayList<>(named);
        if (seen.size() > named.size()) {
            warnings.add("Left out " + (seen.size() - named.size()) + " more symbolic links or special files in " + root + ".");
        }
        return warnings;
    }
}

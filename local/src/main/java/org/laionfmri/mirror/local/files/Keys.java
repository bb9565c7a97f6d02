package org.laionfmri.mirror.local.files;

import java.nio.file.Path;
import java.util.List;
import org.laionfmri.mirror.error.UnsafeKey;
import org.laionfmri.mirror.files.ContainedPaths;

/**
 * Keys as paths below a directory store ({@link ContainedPaths}), and one rule of the store's own: the
 * private folder at its root is no key's. A key that cannot be a path there is refused with the key named
 * and why ({@link UnsafeKey}), before anything is read or written.
 */
final class Keys {

    /** The mirror's own folder at the root: not a key, never listed. */
    static final String PRIVATE_FOLDER = ".laion-mirror";

    private final Path root;

    Keys(Path root) {
        this.root = root;
    }

    /** The file names of {@code key}, from the root down to the object's own. */
    List<String> names(String key) {
        return outsidePrivateFolder(ContainedPaths.names(root, key), key);
    }

    /** The folders a listing prefix lies in (see {@link ContainedPaths#folderNames}). */
    List<String> folderNames(String prefix) {
        return outsidePrivateFolder(ContainedPaths.folderNames(root, prefix), prefix);
    }

    private List<String> outsidePrivateFolder(List<String> names, String key) {
        if (!names.isEmpty() && names.get(0).equals(PRIVATE_FOLDER)) {
            throw ContainedPaths.refused(root, key, "the mirror's private folder " + PRIVATE_FOLDER + " as its first name");
        }
        return names;
    }
}

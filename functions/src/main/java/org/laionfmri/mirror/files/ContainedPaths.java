package org.laionfmri.mirror.files;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.UnsafeKey;

/**
 * Keys as paths inside a root folder. A key is taken only as a relative path of plain names, one per
 * {@code /}-separated part, so whatever a store holds, the path of a key stays strictly inside its root:
 * a {@code ..}, a {@code .}, an empty name (a leading, doubled or trailing {@code /}) or a name this
 * filesystem cannot hold is refused, never normalised away.
 */
public final class ContainedPaths {

    private ContainedPaths() {}

    /**
     * {@code key} as a path relative to {@code root}, for the messages.
     *
     * @throws UnsafeKey naming the key and what is wrong with it
     */
    public static Path relative(Path root, String key) {
        String[] names = key.split("/", -1);
        for (String name : names) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw unsafe(root, key, name.isEmpty() ? "an empty name (a leading, doubled or trailing /)" : "a \"" + name + "\" name");
            }
        }
        Path path;
        try {
            path = Path.of(names[0], Arrays.copyOfRange(names, 1, names.length));
        } catch (InvalidPathException notAName) {
            throw unsafe(root, key, "a name this filesystem cannot hold (" + notAName.getReason() + ")");
        }
        // a name holding this system's own separator or root (a backslash or a drive on Windows) is more than one name
        if (path.isAbsolute() || path.getRoot() != null || path.getNameCount() != names.length) {
            throw unsafe(root, key, "a name holding a separator or root of this system's paths");
        }
        return path;
    }

    private static UnsafeKey unsafe(Path root, String key, String what) {
        return new UnsafeKey(Messages.quoted(key) + " has " + what + ", so its path could lead out of " + root + ": it was refused, and nothing"
                + " was written for it");
    }
}

package org.laionfmri.mirror.files;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.UnsafeKey;

/**
 * Keys as paths inside a root folder. A key is taken only as a relative path of plain names, one per
 * {@code /}-separated part, so whatever a store holds, the path of a key stays strictly inside its root:
 * a {@code ..}, a {@code .}, an empty name (a leading, doubled or trailing {@code /}) or a name this
 * filesystem cannot hold (a NUL, a lone surrogate, more than {@value #MAX_NAME_BYTES} bytes, a separator
 * of this system's own) is refused before anything is read or written, never normalised away.
 */
public final class ContainedPaths {

    /** The most bytes a file name holds on the usual file systems (ext4, XFS, btrfs, ZFS, NFS, APFS). */
    public static final int MAX_NAME_BYTES = 255;

    /** Whether this Java writes file names in UTF-8 (it follows the locale: under plain {@code C}, it does not). */
    private static final boolean UTF8_NAMES =
            Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).equals(StandardCharsets.UTF_8);

    private ContainedPaths() {}

    /**
     * The file names of {@code key} below {@code root}, from the first folder down to the file's own.
     *
     * @throws UnsafeKey naming the key, the root and what is wrong with the key
     */
    public static List<String> names(Path root, String key) {
        String given = key == null ? "" : key;
        return checkedNames(root, given, given);
    }

    /**
     * The folders a listing prefix lies in: {@code sub-01/ses-0} lies in {@code sub-01} (and selects the
     * names there that start with {@code ses-0}, whose characters are checked too).
     *
     * @throws UnsafeKey naming the prefix, the root and what is wrong with it
     */
    public static List<String> folderNames(Path root, String prefix) {
        int lastSlash = prefix.lastIndexOf('/');
        checkCharacters(root, prefix, prefix.substring(lastSlash + 1));
        return lastSlash < 0 ? List.of() : checkedNames(root, prefix, prefix.substring(0, lastSlash));
    }

    /** The folders of a file's {@code names}: all but its own. */
    public static List<String> folders(List<String> names) {
        return names.subList(0, names.size() - 1);
    }

    /** The file's own name of its {@code names}. */
    public static String fileName(List<String> names) {
        return names.get(names.size() - 1);
    }

    /** {@code key} refused because it {@code has} what cannot be a file name in {@code root} (and none of the key's own rules allow). */
    public static UnsafeKey refused(Path root, String key, String has) {
        return refused(root, key, has, "it cannot be a path in", null);
    }

    /** The names of {@code path}, each checked as a name of {@code key}. */
    private static List<String> checkedNames(Path root, String key, String path) {
        List<String> names = new ArrayList<>();
        for (String name : path.split("/", -1)) {
            names.add(checked(root, key, name));
        }
        return names;
    }

    private static String checked(Path root, String key, String name) {
        if (name.isEmpty()) {
            throw leadingOut(root, key, "an empty name (a leading, doubled or trailing /)");
        }
        if (name.equals(".") || name.equals("..")) {
            throw leadingOut(root, key, "a \"" + name + "\" name");
        }
        checkCharacters(root, key, name);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw refused(root, key, "a name of " + bytes + " bytes, and a file name holds at most " + MAX_NAME_BYTES);
        }
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException notAName) {
            throw refused(root, key, "a name this filesystem cannot hold (" + notAName.getReason() + ")");
        }
        // a name holding this system's own separator or root (a backslash or a drive on Windows) is more than one name
        if (path.getRoot() != null || path.getNameCount() != 1) {
            throw leadingOut(root, key, "a name holding a separator or root of this system's paths");
        }
        return name;
    }

    private static void checkCharacters(Path root, String key, String name) {
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == 0) {
                throw refused(root, key, "a NUL character");
            }
            if (Character.getType(c) == Character.SURROGATE) {
                throw refused(root, key, "a lone surrogate, which is not valid Unicode");
            }
            if (c > 0x7F && !UTF8_NAMES) {
                throw refused(root, key, "a character beyond ASCII, and this Java writes file names in " + System.getProperty("sun.jnu.encoding")
                        + ", not UTF-8", "it cannot be a path in", "run it with a UTF-8 locale, e.g. LANG=C.UTF-8");
            }
            i += Character.charCount(c);
        }
    }

    private static UnsafeKey leadingOut(Path root, String key, String has) {
        return refused(root, key, has, "its path could lead out of", null);
    }

    private static UnsafeKey refused(Path root, String key, String has, String so, String fix) {
        return new UnsafeKey(Messages.quoted(key) + " has " + has + ", so " + so + " " + root + ": it was refused, and nothing was written for it"
                + (fix == null ? "" : "; " + fix) + ".");
    }
}

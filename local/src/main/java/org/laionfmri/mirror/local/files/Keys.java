package org.laionfmri.mirror.local.files;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.storage.InvalidKey;

/**
 * Keys as paths below a directory: a key is split at {@code /} into file names, each one that a file
 * system takes and that stays inside the directory. A key that cannot be one is refused with the key
 * named and why, before anything is read or written.
 */
final class Keys {

    /** The most bytes a file name holds on the usual file systems (ext4, XFS, btrfs, ZFS, NFS). */
    static final int MAX_NAME_BYTES = 255;
    /** The mirror's own folder at the root: not a key, never listed. */
    static final String PRIVATE_FOLDER = ".laion-mirror";

    /** Whether this Java writes file names in UTF-8 (it follows the locale: under plain {@code C}, it does not). */
    private static final boolean UTF8_NAMES =
            Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).equals(StandardCharsets.UTF_8);

    private final Path root;

    Keys(Path root) {
        this.root = root;
    }

    /** The file names of {@code key}, from the root down to the object's own. */
    List<String> names(String key) {
        if (key == null || key.isEmpty()) {
            throw refused(key, "it is empty");
        }
        if (key.startsWith("/")) {
            throw refused(key, "it starts with /, and a key is relative to the mirror");
        }
        return folderNames(key + "/", key);
    }

    /**
     * The folders a listing prefix lies in: {@code sub-01/ses-0} lies in {@code sub-01} (and selects the
     * names there that start with {@code ses-0}).
     */
    List<String> folderNames(String prefix) {
        if (prefix.startsWith("/")) {
            throw refused(prefix, "it starts with /, and a key is relative to the mirror");
        }
        return folderNames(prefix, prefix);
    }

    /** The names before the last {@code /} of {@code path}, each checked as a name of {@code key}. */
    private List<String> folderNames(String path, String key) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', start)) {
            names.add(checked(path.substring(start, slash), key, names.isEmpty()));
            start = slash + 1;
        }
        checkCharacters(path.substring(start), key);
        return names;
    }

    private String checked(String name, String key, boolean first) {
        if (name.isEmpty()) {
            throw refused(key, "it has an empty segment (//, or a / at its end)");
        }
        if (name.equals(".") || name.equals("..")) {
            throw refused(key, "it has a " + name + " segment, which would name another folder than the key says");
        }
        if (first && name.equals(PRIVATE_FOLDER)) {
            throw refused(key, "it names the mirror's private folder " + PRIVATE_FOLDER);
        }
        checkCharacters(name, key);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw refused(key, "it has a segment of " + bytes + " bytes, and a file name holds at most " + MAX_NAME_BYTES);
        }
        return name;
    }

    private void checkCharacters(String name, String key) {
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == 0) {
                throw refused(key, "it contains a NUL character");
            }
            if (Character.getType(c) == Character.SURROGATE) {
                throw refused(key, "it is not valid Unicode (a lone surrogate)");
            }
            if (c > 0x7F && !UTF8_NAMES) {
                throw refused(key, "this Java writes file names in " + System.getProperty("sun.jnu.encoding")
                        + ", not UTF-8: run it with a UTF-8 locale, e.g. LANG=C.UTF-8");
            }
            i += Character.charCount(c);
        }
    }

    private InvalidKey refused(String key, String why) {
        String named = key == null ? "(none)" : "\"" + key.replace("\0", "\\0") + "\"";
        return new InvalidKey("The key " + named + " cannot name a file in " + root + ": " + why + ".");
    }
}

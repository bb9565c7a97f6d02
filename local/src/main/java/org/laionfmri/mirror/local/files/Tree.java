package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * A directory store's folders, opened name by name from the root, each relative to its parent and none
 * through a link: a folder on the way that is a link (or a file) ends a lookup, and is never written
 * through. A missing folder is made in the private folder and moved into its parent, so nothing is
 * made through a link planted meanwhile.
 */
final class Tree {

    private final Path root;
    private final PrivateFolder privateFolder;
    /**
     * Two copies into one new folder, through any store of this process: the second finds the first's,
     * rather than renaming its own empty one over it (a rename replaces an empty folder, and the first
     * copy's file would go with it). Another command is kept out by the mirror's lock.
     */
    private static final Object MAKING_FOLDERS = new Object();

    Tree(Path root, PrivateFolder privateFolder) {
        this.root = root;
        this.privateFolder = privateFolder;
    }

    Path root() {
        return root;
    }

    /** The folder {@code names} lead to, empty when the root or one of them is missing or is not a folder (a file, a link). */
    Optional<Folder> find(List<String> names) throws IOException {
        return Folder.below(root, names);
    }

    /**
     * The folder {@code names} lead to, each missing one made (the root too), and made durable in its
     * parent.
     *
     * @throws UncheckedIOException naming {@code key} when a file or a link is where a folder must be
     */
    Folder make(List<String> names, String key) throws IOException {
        Files.createDirectories(root);
        Folder current = Folder.open(root);
        try {
            for (String name : names) {
                Folder next = madeIn(current, name, key);
                current.close();
                current = next;
            }
            return current;
        } catch (IOException | RuntimeException failure) {
            current.close();
            throw failure;
        }
    }

    private Folder madeIn(Folder parent, String name, String key) throws IOException {
        if (!isFolder(parent, name, key)) {
            synchronized (MAKING_FOLDERS) {
                if (!isFolder(parent, name, key)) {
                    privateFolder.moveNewFolder(parent, name);
                    parent.sync();
                }
            }
        }
        return parent.folder(name);
    }

    /** Whether {@code name} is a folder in {@code parent}; false when there is nothing by that name. */
    private static boolean isFolder(Folder parent, String name, String key) throws IOException {
        Optional<BasicFileAttributes> what = parent.attributes(name);
        if (what.isEmpty()) {
            return false;
        }
        if (what.get().isDirectory()) {
            return true;
        }
        String is = what.get().isSymbolicLink() ? "a symbolic link, and links are not followed" : "a file, not a folder";
        throw DiskFailures.said("Cannot store " + key + ": " + parent.path().resolve(name) + " is " + is
                + "; move it away, then run the command again.");
    }
}

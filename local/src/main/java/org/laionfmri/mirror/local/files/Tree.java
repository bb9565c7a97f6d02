package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.laionfmri.mirror.files.ContainedFolder;

/**
 * A directory store's folders, opened name by name from the root, each relative to its parent and none
 * through a link ({@link ContainedFolder}). Unlike a data directory, a store needs a system that opens
 * names relative to an open folder ({@code openat}): a link swapped in between a look and a use is never
 * followed either.
 */
final class Tree {

    private final Path root;

    Tree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The folder {@code names} lead to, empty when the root or one of them is missing or is not a folder (a file, a link). */
    Optional<ContainedFolder> find(List<String> names) throws IOException {
        ContainedFolder rootFolder;
        try {
            rootFolder = openRoot();
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
        try (rootFolder) {
            return rootFolder.find(names);
        }
    }

    /** The folder {@code names} lead to, each missing one made by {@code maker} (the root too, by its path); see {@link ContainedFolder#make}. */
    ContainedFolder make(List<String> names, String forWhat, ContainedFolder.FolderMaker maker) throws IOException {
        Files.createDirectories(root);
        try (ContainedFolder rootFolder = openRoot()) {
            return rootFolder.make(names, forWhat, maker);
        }
    }

    private ContainedFolder openRoot() throws IOException {
        ContainedFolder folder = ContainedFolder.open(root);
        if (folder.byPath()) {
            folder.close();
            throw new IOException("this system offers no safe access to folders by name (openat): a directory store needs Linux");
        }
        return folder;
    }
}

package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.files.NewFile;

/**
 * The store's own folder at its root, {@code .laion-mirror} (owner-only, 0700; the mirror's state file
 * and lock live there too): temporaries are written in its {@code tmp} and nowhere else, so no user's
 * file is ever taken for one, and user metadata is kept in its {@code metadata}. A folder a key needs is
 * made there too, then moved into its parent ({@code renameat}), so nothing is made by a path that a
 * link planted meanwhile could lead elsewhere. Never listed as objects; nothing in it is removed but
 * what this store wrote.
 */
final class PrivateFolder {

    static final String TEMPORARIES = "tmp";
    static final String METADATA = "metadata";
    private static final String OWN_FILES = "the mirror's own files";
    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    /**
     * Two copies into one new folder, through any store of this process: the second finds the first's,
     * rather than renaming its own empty one over it (a rename replaces an empty folder, and the first
     * copy's file would go with it). Another command is kept out by the mirror's lock.
     */
    private static final Object MAKING_FOLDERS = new Object();

    private final Tree tree;

    PrivateFolder(Tree tree) {
        this.tree = tree;
    }

    /** {@code .laion-mirror/<part>}, made where missing (the store's root too). */
    ContainedFolder open(String part) throws IOException {
        try (ContainedFolder mine = tree.make(List.of(Keys.PRIVATE_FOLDER), OWN_FILES, ContainedFolder.inPlace(OWNER_ONLY))) {
            return mine.make(List.of(part), OWN_FILES, ContainedFolder.inPlace());
        }
    }

    /** {@code .laion-mirror/<part>} as it is, empty when missing. */
    Optional<ContainedFolder> find(String part) throws IOException {
        return tree.find(List.of(Keys.PRIVATE_FOLDER, part));
    }

    /** A new file in the temporaries, to be placed under a key or removed. */
    NewFile temporary() throws IOException {
        return NewFile.createOwning(open(TEMPORARIES), temporaryName());
    }

    /** The folder {@code names} lead to for {@code key}, each missing one made here and moved into its parent. */
    ContainedFolder makeFolders(List<String> names, String key) throws IOException {
        return tree.make(names, Messages.quoted(key), this::moveNewFolder);
    }

    /** Makes an empty folder (with the umask's permissions) in the temporaries, and moves it to {@code name} in {@code parent}. */
    private void moveNewFolder(ContainedFolder parent, String name) throws IOException {
        synchronized (MAKING_FOLDERS) {
            if (parent.attributes(name).isPresent()) {
                return; // made meanwhile: checked as any folder found there
            }
            try (ContainedFolder temporaries = open(TEMPORARIES)) {
                String made = temporaryName();
                temporaries.createFolder(made);
                try {
                    temporaries.move(made, parent, name);
                } catch (IOException failure) {
                    temporaries.deleteFolder(made);
                    throw failure;
                }
            }
        }
    }

    /** Removes what an interrupted command left in the temporaries (the caller holds the mirror's lock: no write is under way). */
    void removeTemporaries() throws IOException {
        Optional<ContainedFolder> temporaries = find(TEMPORARIES);
        if (temporaries.isPresent()) {
            try (ContainedFolder folder = temporaries.get()) {
                removeContents(folder);
            }
        }
    }

    private static String temporaryName() {
        return UUID.randomUUID().toString();
    }

    private static void removeContents(ContainedFolder folder) throws IOException {
        for (Path name : folder.names()) {
            String entry = name.toString();
            Optional<BasicFileAttributes> what = folder.attributes(entry);
            if (what.isPresent() && what.get().isDirectory()) {
                try (ContainedFolder inner = folder.folder(entry)) {
                    removeContents(inner);
                }
                folder.deleteFolder(entry);
            } else if (what.isPresent()) {
                folder.deleteIfExists(entry); // a link is removed, never followed
            }
        }
    }
}

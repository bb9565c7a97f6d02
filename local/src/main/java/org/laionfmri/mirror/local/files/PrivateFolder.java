package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The store's own folder at its root, {@code .laion-mirror} (owner-only, 0700; the mirror's state file
 * and lock live there too): temporaries are written in its {@code tmp} and nowhere else, so no user's
 * file is ever taken for one, and user metadata is kept in its {@code metadata}. Never listed as
 * objects; nothing in it is removed but what this store wrote.
 */
final class PrivateFolder {

    static final String TEMPORARIES = "tmp";
    static final String METADATA = "metadata";
    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path root;

    PrivateFolder(Path root) {
        this.root = root;
    }

    /** {@code .laion-mirror/<part>}, made where missing (the store's root too). */
    Folder open(String part) throws IOException {
        Files.createDirectories(root);
        try (Folder rootFolder = Folder.open(root); Folder mine = made(rootFolder, Keys.PRIVATE_FOLDER, OWNER_ONLY)) {
            return made(mine, part);
        }
    }

    /** {@code .laion-mirror/<part>} as it is, empty when missing. */
    Optional<Folder> find(String part) throws IOException {
        return Folder.below(root, List.of(Keys.PRIVATE_FOLDER, part));
    }

    /** Makes an empty folder (with the umask's permissions) in the temporaries, and moves it to {@code name} in {@code parent}. */
    void moveNewFolder(Folder parent, String name) throws IOException {
        try (Folder temporaries = open(TEMPORARIES)) {
            String made = temporaryName();
            Files.createDirectory(temporaries.path().resolve(made));
            try {
                temporaries.move(made, parent, name);
            } catch (IOException failure) {
                temporaries.deleteFolder(made);
                throw failure;
            }
        }
    }

    /** Removes what an interrupted command left in the temporaries (the caller holds the mirror's lock: no write is under way). */
    void removeTemporaries() throws IOException {
        Optional<Folder> temporaries = find(TEMPORARIES);
        if (temporaries.isPresent()) {
            try (Folder folder = temporaries.get()) {
                removeContents(folder);
            }
        }
    }

    static String temporaryName() {
        return UUID.randomUUID().toString();
    }

    private static void removeContents(Folder folder) throws IOException {
        for (Path name : folder.names()) {
            String entry = name.toString();
            Optional<BasicFileAttributes> what = folder.attributes(entry);
            if (what.isPresent() && what.get().isDirectory()) {
                try (Folder inner = folder.folder(entry)) {
                    removeContents(inner);
                }
                folder.deleteFolder(entry);
            } else if (what.isPresent()) {
                folder.deleteFile(entry); // a link is removed, never followed
            }
        }
    }

    private static Folder made(Folder parent, String name, FileAttribute<?>... permissions) throws IOException {
        Optional<BasicFileAttributes> what = parent.attributes(name);
        if (what.isEmpty()) {
            try {
                Files.createDirectory(parent.path().resolve(name), permissions);
            } catch (FileAlreadyExistsException madeMeanwhile) {
                // by another copy, or the state store: it is checked below as any folder found
            }
        } else if (!what.get().isDirectory()) {
            throw DiskFailures.said(parent.path().resolve(name) + " is not a folder (" + (what.get().isSymbolicLink() ? "a symbolic link" : "a file")
                    + "), and the mirror keeps its own files there: move it away, then run the command again.");
        }
        return parent.folder(name);
    }
}

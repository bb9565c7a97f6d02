package org.laionfmri.mirror.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import org.laionfmri.mirror.error.LinkRefused;

/**
 * A folder under a root, reached without following a link on the way (the root itself is the user's to
 * choose), and its files created, read, renamed and removed without following a link at their name: a
 * new file is created anew, an existing file or link of its name removed first, never written through;
 * a rename replaces a link at the target rather than follows it. So whatever links others plant under
 * the root, nothing outside it is read or written. Where the platform has {@code openat} (Linux, macOS),
 * every step is taken relative to the open folder, so a link swapped in meanwhile is not followed either;
 * only a folder made on the way is made by its path. New files follow the user's umask.
 */
public final class ContainedFolder implements Closeable {

    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path path;
    /** The open folder; null where the platform has no {@code openat}, and every step checks the path instead. */
    private final SecureDirectoryStream<Path> folder;

    private ContainedFolder(Path path, SecureDirectoryStream<Path> folder) {
        this.path = path;
        this.folder = folder;
    }

    /**
     * Opens {@code root/relative} ({@code relative} null: the root), making the folders missing on the way
     * when {@code create}.
     *
     * @throws LinkRefused when a link stands where one of those folders is
     * @throws NoSuchFileException when one is missing and not {@code create}
     * @throws NotDirectoryException when one is a file
     */
    public static ContainedFolder open(Path root, Path relative, boolean create) throws IOException {
        return open(root, relative, create, true);
    }

    /** The same, relative to the open folder only when {@code atFolders} and the platform can. */
    static ContainedFolder open(Path root, Path relative, boolean create, boolean atFolders) throws IOException {
        DirectoryStream<Path> opened = Files.newDirectoryStream(root);
        if (!atFolders || !(opened instanceof SecureDirectoryStream<Path> secure)) {
            opened.close();
            return byPath(root, relative, create);
        }
        SecureDirectoryStream<Path> current = secure;
        Path at = root;
        try {
            for (Path name : relative == null ? Set.<Path>of() : relative) {
                at = at.resolve(name);
                SecureDirectoryStream<Path> next = openFolder(current, name, at, create);
                current.close();
                current = next;
            }
            return new ContainedFolder(at, current);
        } catch (IOException | RuntimeException failure) {
            current.close();
            throw failure;
        }
    }

    private static SecureDirectoryStream<Path> openFolder(SecureDirectoryStream<Path> parent, Path name, Path at, boolean create) throws IOException {
        try {
            return parent.newDirectoryStream(name, NO_FOLLOW);
        } catch (NoSuchFileException missing) {
            if (!create) {
                throw missing;
            }
            try {
                Files.createDirectory(at);
            } catch (FileAlreadyExistsException madeMeanwhile) {
                // by another writer: opened as any folder is, below
            }
            return parent.newDirectoryStream(name, NO_FOLLOW);
        } catch (FileSystemException notAFolder) {
            BasicFileAttributes found = parent.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW).readAttributes();
            if (found.isSymbolicLink()) {
                throw refused(at);
            }
            throw found.isDirectory() ? notAFolder : new NotDirectoryException(at.toString());
        }
    }

    private static ContainedFolder byPath(Path root, Path relative, boolean create) throws IOException {
        Path at = root;
        for (Path name : relative == null ? Set.<Path>of() : relative) {
            at = at.resolve(name);
            Optional<BasicFileAttributes> found = attributesOf(at);
            if (found.isEmpty() && create) {
                Files.createDirectory(at);
            } else if (found.isEmpty()) {
                throw new NoSuchFileException(at.toString());
            } else if (found.get().isSymbolicLink()) {
                throw refused(at);
            } else if (!found.get().isDirectory()) {
                throw new NotDirectoryException(at.toString());
            }
        }
        return new ContainedFolder(at, null);
    }

    private static LinkRefused refused(Path link) {
        return new LinkRefused(link + " is a link: nothing is written through a link, so what would go under it was not written. Put a folder"
                + " in its place (or give the folder it points to instead)");
    }

    /** Where the folder is. */
    public Path path() {
        return path;
    }

    /** What is at {@code name}, the link itself if it is one; empty when nothing is. */
    public Optional<BasicFileAttributes> attributes(String name) throws IOException {
        if (folder == null) {
            return attributesOf(path.resolve(name));
        }
        try {
            return Optional.of(folder.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NO_FOLLOW).readAttributes());
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    /** Whether {@code name} is a regular file (not a link) of {@code size} bytes. */
    public boolean holds(String name, long size) throws IOException {
        return attributes(name).filter(found -> found.isRegularFile() && found.size() == size).isPresent();
    }

    /** A new file {@code name} to write: whatever was at that name (a file, a link) is removed first, never written through. */
    public OutputStream createNew(String name) throws IOException {
        deleteIfExists(name);
        Set<OpenOption> options = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, NO_FOLLOW);
        return Channels.newOutputStream(folder == null ? Files.newByteChannel(path.resolve(name), options) : folder.newByteChannel(Path.of(name), options));
    }

    /** Reads {@code name}, which must not be a link. */
    public InputStream read(String name) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.READ, NO_FOLLOW);
        return Channels.newInputStream(folder == null ? Files.newByteChannel(path.resolve(name), options) : folder.newByteChannel(Path.of(name), options));
    }

    /** Renames {@code from} to {@code to} at once, replacing what is at {@code to} (a link there is replaced, not followed). */
    public void rename(String from, String to) throws IOException {
        if (folder == null) {
            Files.move(path.resolve(from), path.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        } else {
            folder.move(Path.of(from), folder, Path.of(to));
        }
    }

    /** Removes the file or link {@code name} (a link itself, never what it points to), if there is one. */
    public void deleteIfExists(String name) throws IOException {
        if (folder == null) {
            Files.deleteIfExists(path.resolve(name));
            return;
        }
        try {
            folder.deleteFile(Path.of(name));
        } catch (NoSuchFileException absent) {
            // nothing to remove
        }
    }

    @Override
    public void close() throws IOException {
        if (folder != null) {
            folder.close();
        }
    }

    private static Optional<BasicFileAttributes> attributesOf(Path file) throws IOException {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }
}

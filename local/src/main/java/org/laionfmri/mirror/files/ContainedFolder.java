package org.laionfmri.mirror.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.laionfmri.mirror.error.LinkRefused;

/**
 * An open folder under a root, reached without following a link on the way (the root itself is the
 * user's to choose), whose names are looked up, read, created, renamed and removed without following a
 * link at them: a folder on the way that is a link is refused ({@link LinkRefused}), a file is created
 * only where nothing is, a rename replaces a link at the target rather than follows it. So whatever links
 * others plant under the root, nothing outside it is read or written. Where the platform has {@code
 * openat} (Linux), every step is taken relative to the open folder ({@code openat}, {@code fstatat},
 * {@code renameat}, {@code unlinkat}), so a link swapped in after a look is not followed either; where it
 * has none, each name is checked by its path first ({@link #byPath()}). New files and folders follow the
 * user's umask.
 */
public final class ContainedFolder implements Closeable {

    private static final LinkOption NO_FOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** How a missing folder of a path is made in its parent, to be checked (and opened) afterwards as any folder found there. */
    @FunctionalInterface
    public interface FolderMaker {
        void make(ContainedFolder parent, String name) throws IOException;
    }

    /** A missing folder made in its parent by its path, with {@code attributes} (one made meanwhile by another writer is taken as found). */
    public static FolderMaker inPlace(FileAttribute<?>... attributes) {
        return (parent, name) -> {
            try {
                parent.createFolder(name, attributes);
            } catch (FileAlreadyExistsException madeMeanwhile) {
                // checked as any folder found there
            }
        };
    }

    private final Path path;
    /** The open folder; null where the platform has no {@code openat}, and every step checks the path instead. */
    private final SecureDirectoryStream<Path> folder;

    private ContainedFolder(Path path, SecureDirectoryStream<Path> folder) {
        this.path = path;
        this.folder = folder;
    }

    /** Opens the folder {@code directory} (a root: by its path, a link there being the user's choice). */
    public static ContainedFolder open(Path directory) throws IOException {
        return open(directory, true);
    }

    /** The same, relative to the open folder only when {@code atFolders} and the platform can. */
    static ContainedFolder open(Path directory, boolean atFolders) throws IOException {
        DirectoryStream<Path> opened = Files.newDirectoryStream(directory);
        if (atFolders && opened instanceof SecureDirectoryStream<Path> secure) {
            return new ContainedFolder(directory, secure);
        }
        opened.close();
        return new ContainedFolder(directory, null);
    }

    /** Where the folder is, for messages. */
    public Path path() {
        return path;
    }

    /** Whether names are looked up by their paths, the platform having no {@code openat}: a link swapped in between a look and a use is not seen. */
    public boolean byPath() {
        return folder == null;
    }

    /**
     * The folder {@code names} lead to below this one, each opened relative to its parent; empty when one
     * of them is missing or is not a folder (a file, a link: never followed).
     */
    public Optional<ContainedFolder> find(List<String> names) throws IOException {
        return walk(names, (parent, name) -> parent.attributes(name).map(BasicFileAttributes::isDirectory).orElse(false));
    }

    /**
     * The folder {@code names} lead to below this one, each missing one made by {@code maker} and made
     * durable in its parent.
     *
     * @param forWhat what the folders are made for, as people read it (a key, quoted), for the messages
     * @throws LinkRefused when a link stands where one of the folders is
     * @throws UncheckedIOException said for people, when a file stands there
     */
    public ContainedFolder make(List<String> names, String forWhat, FolderMaker maker) throws IOException {
        return walk(names, (parent, name) -> {
            if (parent.attributes(name).isEmpty()) {
                maker.make(parent, name);
                parent.sync();
            }
            parent.requireFolder(name, forWhat);
            return true;
        }).orElseThrow();
    }

    /** Whether the walk goes on into {@code name} of {@code parent}. */
    @FunctionalInterface
    private interface Step {
        boolean into(ContainedFolder parent, String name) throws IOException;
    }

    /** The folder {@code names} lead to, opened one by one from a new handle on this one; empty where a {@code step} ends the walk. */
    private Optional<ContainedFolder> walk(List<String> names, Step step) throws IOException {
        ContainedFolder current = folder(".");
        try {
            for (String name : names) {
                if (!step.into(current, name)) {
                    current.close();
                    return Optional.empty();
                }
                ContainedFolder next = current.folder(name);
                current.close();
                current = next;
            }
            return Optional.of(current);
        } catch (IOException | RuntimeException failure) {
            current.close();
            throw failure;
        }
    }

    private void requireFolder(String name, String forWhat) throws IOException {
        BasicFileAttributes found = attributes(name).orElseThrow(() -> new NoSuchFileException(path.resolve(name).toString(), null,
                "removed while it was being made"));
        if (found.isSymbolicLink()) {
            throw new LinkRefused("Cannot store " + forWhat + ": " + path.resolve(name) + " is a symbolic link, and links are not followed, so nothing"
                    + " is written under it; move it away (or put the folder it points to in its place), then run the command again.");
        }
        if (!found.isDirectory()) {
            throw inTheWay("Cannot store " + forWhat + ": " + path.resolve(name) + " is a file, not a folder; move it away, then run the command again.");
        }
    }

    /** What is at {@code name}, the link itself if it is one; empty when nothing is. */
    public Optional<BasicFileAttributes> attributes(String name) throws IOException {
        try {
            return Optional.of(folder == null ? Files.readAttributes(path.resolve(name), BasicFileAttributes.class, NO_FOLLOW)
                    : folder.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NO_FOLLOW).readAttributes());
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    /** The folder {@code name} (or this one again, for {@code "."}); one that is a link is refused. */
    public ContainedFolder folder(String name) throws IOException {
        Path at = name.equals(".") ? path : path.resolve(name);
        if (folder != null) {
            return new ContainedFolder(at, (SecureDirectoryStream<Path>) folder.newDirectoryStream(Path.of(name), NO_FOLLOW));
        }
        BasicFileAttributes found = attributes(name).orElseThrow(() -> new NoSuchFileException(at.toString()));
        if (!found.isDirectory()) {
            throw new FileSystemException(at.toString(), null, found.isSymbolicLink() ? "a symbolic link, not followed" : "Not a directory");
        }
        return new ContainedFolder(at, null);
    }

    /** Makes the empty folder {@code name} (by its path: no system call makes one relative to an open folder). */
    public void createFolder(String name, FileAttribute<?>... attributes) throws IOException {
        Files.createDirectory(path.resolve(name), attributes);
    }

    /** Opens the file {@code name} for reading; one that is a link is refused. */
    public FileChannel read(String name) throws IOException {
        return channel(name, Set.of(StandardOpenOption.READ, NO_FOLLOW));
    }

    /** Creates the file {@code name} for writing, where nothing is by that name (a link there is refused, not followed). */
    public FileChannel create(String name) throws IOException {
        return channel(name, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, NO_FOLLOW));
    }

    private FileChannel channel(String name, Set<OpenOption> options) throws IOException {
        return folder == null ? FileChannel.open(path.resolve(name), options) : (FileChannel) folder.newByteChannel(Path.of(name), options);
    }

    /** Renames {@code name} to {@code targetName} in {@code target} at once, replacing a file or link there (never what a link points to). */
    public void move(String name, ContainedFolder target, String targetName) throws IOException {
        if (folder == null || target.folder == null) {
            Files.move(path.resolve(name), target.path.resolve(targetName), StandardCopyOption.ATOMIC_MOVE);
        } else {
            folder.move(Path.of(name), target.folder, Path.of(targetName));
        }
    }

    /** Removes the file or link {@code name} (a link itself, never what it points to), if there is one; a folder is refused. */
    public void deleteIfExists(String name) throws IOException {
        try {
            if (folder != null) {
                folder.deleteFile(Path.of(name));
            } else if (attributes(name).map(BasicFileAttributes::isDirectory).orElse(false)) {
                throw new FileSystemException(path.resolve(name).toString(), null, "Is a directory");
            } else {
                Files.deleteIfExists(path.resolve(name));
            }
        } catch (NoSuchFileException absent) {
            // nothing to remove
        }
    }

    /** Removes the empty folder {@code name}. */
    public void deleteFolder(String name) throws IOException {
        if (folder == null) {
            Files.delete(path.resolve(name));
        } else {
            folder.deleteDirectory(Path.of(name));
        }
    }

    /**
     * The names in the folder, as the system gives them (a name that is not UTF-8 does not read back as
     * itself); read once per open folder.
     */
    public List<Path> names() throws IOException {
        List<Path> names = new ArrayList<>();
        if (folder != null) {
            folder.forEach(entry -> names.add(entry.getFileName()));
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            entries.forEach(entry -> names.add(entry.getFileName()));
        }
        return names;
    }

    /**
     * Makes the folder's entries (a file renamed in, a folder made or moved in) durable; by path, where
     * the system cannot open a folder as a file (Windows), they are as durable as the system keeps them.
     */
    public void sync() throws IOException {
        FileChannel self;
        try {
            self = channel(".", Set.of(StandardOpenOption.READ));
        } catch (IOException notOpenable) {
            if (folder == null) {
                return;
            }
            throw notOpenable;
        }
        try (self) {
            self.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (folder != null) {
            folder.close();
        }
    }

    /** A file or folder in the way of a write, said for people. */
    static UncheckedIOException inTheWay(String message) {
        return new UncheckedIOException(message, new FileSystemException(message));
    }
}

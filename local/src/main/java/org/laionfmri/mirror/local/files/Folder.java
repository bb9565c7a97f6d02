package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An open directory, every name looked up relative to it ({@code openat}, {@code fstatat}, {@code
 * renameat}, {@code unlinkat}) and none followed if it is a symbolic link: what the names lead to
 * cannot be redirected elsewhere between a look and a use.
 */
final class Folder implements AutoCloseable {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final SecureDirectoryStream<Path> stream;
    private final Path path;

    private Folder(SecureDirectoryStream<Path> stream, Path path) {
        this.stream = stream;
        this.path = path;
    }

    /** Opens a store's root by its path (a root that is a link is the user's choice). */
    static Folder open(Path directory) throws IOException {
        DirectoryStream<Path> opened = Files.newDirectoryStream(directory);
        if (opened instanceof SecureDirectoryStream<Path> secure) {
            return new Folder(secure, directory);
        }
        opened.close();
        throw new IOException("this system offers no safe access to folders by name (openat): a directory store needs Linux");
    }

    /**
     * The folder {@code names} lead to below {@code root}, each opened relative to its parent; empty when
     * the root or one of them is missing or is not a folder (a file, a link: never followed).
     */
    static Optional<Folder> below(Path root, List<String> names) throws IOException {
        Folder current;
        try {
            current = open(root);
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
        try {
            for (String name : names) {
                Optional<BasicFileAttributes> what = current.attributes(name);
                if (what.isEmpty() || !what.get().isDirectory()) {
                    current.close();
                    return Optional.empty();
                }
                Folder next = current.folder(name);
                current.close();
                current = next;
            }
            return Optional.of(current);
        } catch (IOException | RuntimeException failure) {
            current.close();
            throw failure;
        }
    }

    /** The folder's path, for messages. */
    Path path() {
        return path;
    }

    /** What {@code name} is (a link as a link), empty when there is nothing by that name. */
    Optional<BasicFileAttributes> attributes(String name) throws IOException {
        try {
            return Optional.of(stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NOFOLLOW).readAttributes());
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
    }

    /** The folder {@code name}; one that is a link is refused by the system. */
    Folder folder(String name) throws IOException {
        return new Folder((SecureDirectoryStream<Path>) stream.newDirectoryStream(Path.of(name), NOFOLLOW), path.resolve(name));
    }

    /** Opens the file {@code name} for reading; one that is a link is refused by the system. */
    FileChannel read(String name) throws IOException {
        return (FileChannel) stream.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, NOFOLLOW));
    }

    /** Creates the file {@code name}, which must not exist, for writing, with the permissions the umask gives. */
    FileChannel create(String name) throws IOException {
        return (FileChannel) stream.newByteChannel(Path.of(name), Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, NOFOLLOW));
    }

    /** Renames {@code name} to {@code targetName} in {@code target}, replacing a file or link there (never what a link points to). */
    void move(String name, Folder target, String targetName) throws IOException {
        stream.move(Path.of(name), target.stream, Path.of(targetName));
    }

    /** Removes the file or link {@code name}. */
    void deleteFile(String name) throws IOException {
        stream.deleteFile(Path.of(name));
    }

    /** Removes the empty folder {@code name}. */
    void deleteFolder(String name) throws IOException {
        stream.deleteDirectory(Path.of(name));
    }

    /** The names in the folder, as the system gives them (a name that is not UTF-8 does not read back as itself). */
    List<Path> names() {
        List<Path> names = new ArrayList<>();
        for (Path entry : stream) {
            names.add(entry.getFileName());
        }
        return names;
    }

    /** Makes the folder's entries (a file renamed in, a folder moved in) durable. */
    void sync() throws IOException {
        try (FileChannel self = (FileChannel) stream.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
            self.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}

package org.laionfmri.mirror.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file written whole under a passing name, then made durable and renamed to its final name at once,
 * so no partial file is ever under that name; closed before that, it is removed. It is created anew: a
 * stale file, or a link, of its passing name is removed first, never written through; the rename
 * replaces a file or link at the final name (a link's target is untouched). Created with the umask's
 * permissions, which the rename keeps.
 */
public final class NewFile implements Closeable {

    private final ContainedFolder folder;
    private final String name;
    private final FileChannel channel;
    private final boolean ownsFolder;
    private boolean placed;

    private NewFile(ContainedFolder folder, String name, FileChannel channel, boolean ownsFolder) {
        this.folder = folder;
        this.name = name;
        this.channel = channel;
        this.ownsFolder = ownsFolder;
    }

    /** A new file {@code name} in {@code folder}, which stays the caller's to close. */
    public static NewFile create(ContainedFolder folder, String name) throws IOException {
        return create(folder, name, false);
    }

    /** A new file {@code name} in {@code folder}, which it closes with itself (and closes now if the file cannot be created). */
    public static NewFile createOwning(ContainedFolder folder, String name) throws IOException {
        try {
            return create(folder, name, true);
        } catch (IOException | RuntimeException failure) {
            folder.close();
            throw failure;
        }
    }

    private static NewFile create(ContainedFolder folder, String name, boolean ownsFolder) throws IOException {
        folder.deleteIfExists(name);
        return new NewFile(folder, name, folder.create(name), ownsFolder);
    }

    /** Where the bytes go. */
    public FileChannel channel() {
        return channel;
    }

    /** Makes the bytes written durable and ends the writing; returns what the file is (its size and modification time). */
    public BasicFileAttributes finish() throws IOException {
        channel.force(true);
        channel.close();
        return folder.attributes(name).orElseThrow(() -> new NoSuchFileException(folder.path().resolve(name).toString(), null,
                "the file was removed while it was written"));
    }

    /**
     * Renames the finished file to {@code target} in {@code targetFolder} and makes the rename durable.
     *
     * @param forWhat what the file is, as people read it (a key, quoted), for the messages
     * @throws java.io.UncheckedIOException said for people, when a folder has the target's name
     */
    public void place(ContainedFolder targetFolder, String target, String forWhat) throws IOException {
        if (targetFolder.attributes(target).map(BasicFileAttributes::isDirectory).orElse(false)) {
            throw ContainedFolder.inTheWay("Cannot store " + forWhat + ": " + targetFolder.path().resolve(target)
                    + " is a folder, and a file cannot take its name; move it away, then run the command again.");
        }
        folder.move(name, targetFolder, target);
        placed = true;
        targetFolder.sync();
    }

    /** Removes the file unless it was placed. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
            if (!placed) {
                folder.deleteIfExists(name);
            }
        } finally {
            if (ownsFolder) {
                folder.close();
            }
        }
    }
}

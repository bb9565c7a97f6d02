package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file written in the private folder's temporaries, then made durable and renamed into place whole;
 * closed before that, it is removed. Created with the umask's permissions, which the rename keeps.
 */
final class TemporaryFile implements AutoCloseable {

    private final Folder temporaries;
    private final String name;
    private final FileChannel channel;
    private boolean placed;

    private TemporaryFile(Folder temporaries, String name, FileChannel channel) {
        this.temporaries = temporaries;
        this.name = name;
        this.channel = channel;
    }

    static TemporaryFile create(PrivateFolder privateFolder) throws IOException {
        Folder temporaries = privateFolder.open(PrivateFolder.TEMPORARIES);
        try {
            String name = PrivateFolder.temporaryName();
            return new TemporaryFile(temporaries, name, temporaries.create(name));
        } catch (IOException | RuntimeException failure) {
            temporaries.close();
            throw failure;
        }
    }

    FileChannel channel() {
        return channel;
    }

    /** Makes the bytes written durable and ends the writing; returns what the file is (its size and modification time). */
    BasicFileAttributes finish() throws IOException {
        channel.force(true);
        channel.close();
        return temporaries.attributes(name).orElseThrow(() -> new NoSuchFileException(temporaries.path().resolve(name).toString(),
                null, "the temporary file was removed while it was written"));
    }

    /** Renames the finished file to {@code target} in {@code folder}, replacing a file or link there (a link's target is untouched). */
    void place(Folder folder, String target) throws IOException {
        temporaries.move(name, folder, target);
        placed = true;
    }

    /** Removes the file unless it was placed. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
            if (!placed) {
                temporaries.deleteFile(name);
            }
        } catch (NoSuchFileException removedAlready) {
            // by removeTemporaries
        } finally {
            temporaries.close();
        }
    }
}

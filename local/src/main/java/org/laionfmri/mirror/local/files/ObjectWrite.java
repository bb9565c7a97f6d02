package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.files.ContainedPaths;
import org.laionfmri.mirror.files.NewFile;

/**
 * One object being written, whole or not at all: its bytes go into a temporary file in the private
 * folder; {@link #commit()} makes them durable, records the user metadata, makes the folders the key
 * needs and renames the file under its key (replacing a file or a link there, never writing through
 * it), then makes the rename durable (the folder's fsync). Closed without a commit, the temporary file
 * is removed and an object already there is untouched.
 */
final class ObjectWrite implements AutoCloseable {

    private final PrivateFolder privateFolder;
    private final Sidecars sidecars;
    private final String key;
    private final List<String> names;
    private final Map<String, String> metadata;
    private final NewFile file;

    private ObjectWrite(PrivateFolder privateFolder, Sidecars sidecars, String key, List<String> names, Map<String, String> metadata, NewFile file) {
        this.privateFolder = privateFolder;
        this.sidecars = sidecars;
        this.key = key;
        this.names = names;
        this.metadata = Map.copyOf(metadata);
        this.file = file;
    }

    /** Starts writing {@code key} ({@code names}, checked), with {@code metadata} to keep beside it. */
    static ObjectWrite start(PrivateFolder privateFolder, Sidecars sidecars, String key, List<String> names, Map<String, String> metadata)
            throws IOException {
        return new ObjectWrite(privateFolder, sidecars, key, names, metadata, privateFolder.temporary());
    }

    /** Where the bytes go. */
    FileChannel channel() {
        return file.channel();
    }

    /** Stores what was written under the key. */
    void commit() throws IOException {
        BasicFileAttributes written = file.finish();
        if (!metadata.isEmpty()) {
            sidecars.write(key, written, metadata);
        }
        try (ContainedFolder folder = privateFolder.makeFolders(ContainedPaths.folders(names), key)) {
            file.place(folder, ContainedPaths.fileName(names), Messages.quoted(key));
        }
    }

    /** Removes the temporary file, unless committed. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}

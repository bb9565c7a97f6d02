package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One object being written, whole or not at all: its bytes go into a temporary file in the private
 * folder; {@link #commit()} makes them durable, records the user metadata, makes the folders the key
 * needs and renames the file under its key (replacing a file or a link there, never writing through
 * it), then makes the rename durable (the folder's fsync). Closed without a commit, the temporary file
 * is removed and an object already there is untouched.
 */
final class ObjectWrite implements AutoCloseable {

    private final Tree tree;
    private final Sidecars sidecars;
    private final String key;
    private final List<String> names;
    private final Map<String, String> metadata;
    private final TemporaryFile file;

    private ObjectWrite(Tree tree, Sidecars sidecars, String key, List<String> names, Map<String, String> metadata, TemporaryFile file) {
        this.tree = tree;
        this.sidecars = sidecars;
        this.key = key;
        this.names = names;
        this.metadata = Map.copyOf(metadata);
        this.file = file;
    }

    /** Starts writing {@code key} ({@code names}, checked), with {@code metadata} to keep beside it. */
    static ObjectWrite start(Tree tree, PrivateFolder privateFolder, Sidecars sidecars, String key, List<String> names,
            Map<String, String> metadata) throws IOException {
        return new ObjectWrite(tree, sidecars, key, names, metadata, TemporaryFile.create(privateFolder));
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
        List<String> folders = names.subList(0, names.size() - 1);
        String name = names.get(names.size() - 1);
        try (Folder folder = tree.make(folders, key)) {
            Optional<BasicFileAttributes> there = folder.attributes(name);
            if (there.isPresent() && there.get().isDirectory()) {
                throw DiskFailures.said("Cannot store " + key + ": " + folder.path().resolve(name)
                        + " is a folder, and an object cannot take its name; move it away, then run the command again.");
            }
            file.place(folder, name);
            folder.sync();
        }
    }

    /** Removes the temporary file, unless committed. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}

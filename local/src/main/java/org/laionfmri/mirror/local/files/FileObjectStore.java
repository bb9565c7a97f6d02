package org.laionfmri.mirror.local.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.copy.Transfer;
import org.laionfmri.mirror.error.LinkRefused;
import org.laionfmri.mirror.error.MirrorNotWritable;
import org.laionfmri.mirror.error.UnsafeKey;
import org.laionfmri.mirror.files.ContainedFolder;
import org.laionfmri.mirror.files.ContainedPaths;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.ObjectUpload;
import org.laionfmri.mirror.storage.SourceObject;
import org.laionfmri.mirror.storage.StoreAddress;
import org.laionfmri.mirror.storage.StoredObject;

/**
 * A directory as an {@link ObjectStore}, read and written directly, with no server: a key is a path
 * below the root ({@link Keys}: one that would leave it, or is empty, is {@link UnsafeKey}), an object
 * a regular file. Below the root no link is ever followed: every folder is opened relative to its
 * parent ({@link ContainedFolder}), a link is neither listed nor read, and a link at a key being written is
 * replaced, its target untouched. Every write is whole or nothing: a temporary file in the private
 * folder {@code .laion-mirror/tmp} ({@link PrivateFolder}; never beside a key, so a user's file named
 * like one is an object as any), made durable and renamed into place. Files and folders follow the
 * user's umask. Listings come in S3's key order ({@link FileListing}); what they leave out is in
 * {@link #warnings()}.
 */
public final class FileObjectStore implements ObjectStore {

    private static final byte[] PROBE = "laion-mirror write probe: the mirror accepts writes\n".getBytes(StandardCharsets.UTF_8);

    private final Path root;
    private final String bucket;
    private final Keys keys;
    private final PrivateFolder privateFolder;
    private final Tree tree;
    private final Sidecars sidecars;
    private final SkippedEntries skipped;
    private final FileListing listing;

    private FileObjectStore(Path root, String bucket) {
        this.root = root;
        this.bucket = bucket;
        this.keys = new Keys(root);
        this.tree = new Tree(root);
        this.privateFolder = new PrivateFolder(tree);
        this.sidecars = new Sidecars(privateFolder);
        this.skipped = new SkippedEntries(root);
        this.listing = new FileListing(tree, keys, skipped);
    }

    /**
     * The directory {@code root} as a store the workflow engine names {@code bucketName} (a placeholder:
     * a directory has no bucket). The root is resolved once, now, if it exists (a root that is a link is
     * the user's choice); a write makes it if it does not.
     */
    public static FileObjectStore of(Path root, String bucketName) {
        try {
            Path resolved = Files.exists(root) ? root.toRealPath() : root.toAbsolutePath().normalize();
            return new FileObjectStore(resolved, bucketName);
        } catch (IOException e) {
            throw DiskFailures.reading(e, root);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public StoreAddress address() {
        return new StoreAddress(bucket, "");
    }

    @Override
    public List<String> warnings() {
        return skipped.warnings();
    }

    @Override
    public Iterator<List<ObjectEntry>> pages(String prefix) {
        return listing.pages(prefix);
    }

    @Override
    public List<String> childPrefixes(String prefix) {
        return listing.childPrefixes(prefix);
    }

    @Override
    public Optional<StoredObject> head(String key) {
        try {
            return atFile(keys.names(key), (folder, name, file) -> new StoredObject(file.size(), sidecars.read(key, file)));
        } catch (IOException e) {
            throw DiskFailures.reading(e, root.resolve(key));
        }
    }

    @Override
    public InputStream read(String key) {
        List<String> names = keys.names(key);
        try {
            return atFile(names, (folder, name, file) -> Channels.newInputStream(folder.read(name)))
                    .orElseThrow(() -> FileSourceObject.missing(tree, names));
        } catch (NoSuchFileException removedMeanwhile) {
            throw FileSourceObject.missing(tree, names);
        } catch (IOException e) {
            throw DiskFailures.reading(e, root.resolve(key));
        }
    }

    @Override
    public SourceObject openSource(String key, long expectedSize) {
        return openFile(key, expectedSize);
    }

    /** The file of {@code key} opened for a copy, as planned: {@code expectedSize} bytes. */
    FileSourceObject openFile(String key, long expectedSize) {
        try {
            return FileSourceObject.open(tree, keys.names(key), expectedSize);
        } catch (IOException e) {
            throw DiskFailures.reading(e, root.resolve(key));
        }
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        try (ObjectWrite write = startWrite(key, Map.of())) {
            ByteBuffer bytes = ByteBuffer.wrap(body);
            while (bytes.hasRemaining()) {
                write.channel().write(bytes);
            }
            write.commit();
        } catch (IOException e) {
            throw DiskFailures.writing(e, key, root);
        }
    }

    @Override
    public ObjectUpload upload(String key, Map<String, String> metadata) {
        try {
            return new FileUpload(startWrite(key, metadata), key, root);
        } catch (IOException e) {
            throw DiskFailures.writing(e, key, root);
        }
    }

    /** Starts writing {@code key}, checked before anything is written. */
    ObjectWrite startWrite(String key, Map<String, String> metadata) throws IOException {
        return ObjectWrite.start(privateFolder, sidecars, key, keys.names(key), metadata);
    }

    /** Removes the file of {@code key} and its metadata; a missing one, a folder or a link (not an object) is left as it is. */
    @Override
    public void delete(String key) {
        try {
            atFile(keys.names(key), (folder, name, file) -> {
                folder.deleteIfExists(name);
                return name;
            });
            sidecars.delete(key);
        } catch (NoSuchFileException removedMeanwhile) {
            // as missing
        } catch (IOException e) {
            throw DiskFailures.writing(e, key, root);
        }
    }

    /**
     * Writes {@code probeKey} as every object is written, reads it back and removes it.
     *
     * @throws MirrorNotWritable naming the directory and what to do
     */
    @Override
    public void proveWritable(String probeKey) {
        try {
            put(probeKey, PROBE, "text/plain");
            byte[] read;
            try (InputStream in = read(probeKey)) {
                read = in.readAllBytes();
            }
            if (!Arrays.equals(read, PROBE)) {
                throw new MirrorNotWritable("The mirror " + root + " gave back other bytes than were written to " + probeKey
                        + ": check that no other program writes there.");
            }
            delete(probeKey);
        } catch (UncheckedIOException | LinkRefused e) {
            throw new MirrorNotWritable(e.getMessage());
        } catch (IOException e) {
            throw new MirrorNotWritable(DiskFailures.reading(e, root.resolve(probeKey)).getMessage());
        }
    }

    /** From another directory by the kernel, from any other store streamed direct to disk; see {@link FileTransfer}. */
    @Override
    public Transfer transferFrom(ObjectStore source, int parallelism) {
        return new FileTransfer(this, source, parallelism);
    }

    /**
     * Removes the temporary files an interrupted command left in the private folder (never anything
     * else). The caller holds the mirror's lock, so no write of another command is under way.
     */
    public void removeTemporaries() {
        try {
            privateFolder.removeTemporaries();
        } catch (IOException e) {
            throw DiskFailures.writing(e, Keys.PRIVATE_FOLDER + "/" + PrivateFolder.TEMPORARIES, root);
        }
    }

    /** Nothing is held open between calls. */
    @Override
    public void close() {
        // each call opens and closes what it uses
    }

    /** What {@code action} makes of the regular file {@code names} lead to, in its open folder; empty when there is none (a link is none). */
    private <T> Optional<T> atFile(List<String> names, AtFile<T> action) throws IOException {
        String name = ContainedPaths.fileName(names);
        Optional<ContainedFolder> found = tree.find(ContainedPaths.folders(names));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (ContainedFolder folder = found.get()) {
            Optional<BasicFileAttributes> file = folder.attributes(name).filter(BasicFileAttributes::isRegularFile);
            return file.isEmpty() ? Optional.empty() : Optional.of(action.apply(folder, name, file.get()));
        }
    }

    /** Something done with a regular file {@code name} of {@code folder}, which is {@code file}. */
    @FunctionalInterface
    private interface AtFile<T> {
        T apply(ContainedFolder folder, String name, BasicFileAttributes file) throws IOException;
    }
}

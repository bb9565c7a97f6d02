package org.laionfmri.mirror.client.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.Trees;
import org.laionfmri.mirror.UserFolders;
import org.laionfmri.mirror.error.Messages;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.state.MirrorTable;
import org.laionfmri.mirror.state.local.LocalDynamo;
import org.laionfmri.mirror.storage.BucketLocation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A local mirror's state (licence acceptance, stimulus access, run history): a dynalite store in a
 * folder of its owner's only (mode 0700), {@code <mirror dir>/.laion-mirror} or, for a bucket, {@code
 * $XDG_DATA_HOME/laion-mirror/<hash>} (by default under {@code ~/.local/share}). One command holds it at a time (a file lock, so a second one
 * learns at once that the mirror is busy). A store that was made once and is now damaged is an error
 * that changes nothing, never a fresh empty store. Forgetting the stimulus request_id rewrites the
 * store, so that no older copy of the secret stays in its files.
 */
final class LocalState implements AutoCloseable {

    static final String FOLDER = ".laion-mirror";
    private static final String TABLE = LocalDeployment.TABLE;
    /** Written once the store was first made: from then on its folder must hold a store. */
    private static final String MADE = "made";
    /** Who accepted the licence, kept beside the store: a store that lost the acceptance is found damaged, not silently unlicensed. */
    private static final String LICENCE_COPY = "licence-accepted";

    private final Path root;
    private final String mirrorName;
    private final FileChannel lockFile;
    private final FileLock lock;
    private LocalDynamo dynamo;
    private MirrorTable table;

    private LocalState(Path root, String mirrorName, FileChannel lockFile, FileLock lock) {
        this.root = root;
        this.mirrorName = mirrorName;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /** The folder holding a mirror's state. */
    static Path root(Store mirror) {
        if (mirror instanceof Store.Directory directory) {
            return directory.path().resolve(FOLDER);
        }
        BucketLocation bucket = ((Store.Bucket) mirror).location();
        String identity = normalised(bucket.endpoint()) + " " + bucket.bucket() + "/" + bucket.prefix();
        return UserFolders.data(System.getenv()).resolve("laion-mirror")
                .resolve(Sha256.hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    }

    /** Whether the mirror has state: a command that only reads it needs a mirror that was made. */
    static boolean exists(Store mirror) {
        return Files.exists(root(mirror).resolve(MADE));
    }

    /**
     * Opens the state of {@code mirror} (made if it has none), holding it for this command alone.
     *
     * @throws MirrorBusy when another command holds it
     * @throws StateDamaged when a store made earlier cannot be read; nothing is changed
     */
    static LocalState open(Store mirror, String mirrorName) {
        Path root = root(mirror);
        try {
            Files.createDirectories(root);
            ownerOnly(root);
            FileChannel lockFile = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockFile);
            if (lock == null) {
                lockFile.close();
                throw new MirrorBusy("The mirror " + mirrorName + " is in use by another laion-mirror command (a sync running on it?): wait"
                        + " for it to end, then run this again.");
            }
            LocalState state = new LocalState(root, mirrorName, lockFile, lock);
            try {
                state.recoverRewrite();
                state.start();
                return state;
            } catch (RuntimeException failure) {
                state.close();
                throw failure;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the mirror's state at " + root + ": " + e.getMessage(), e);
        }
    }

    MirrorTable table() {
        return table;
    }

    /** The DynamoDB API serving the store, for the workflow's functions. */
    URI endpoint() {
        return dynamo.endpoint();
    }

    /** Where the store is, for messages. */
    Path store() {
        return root.resolve("state");
    }

    /**
     * Rewrites the store with the items it holds now, so that values deleted or replaced (a request_id)
     * are in none of its files any more: the new store is made beside the old one, then put in its place.
     */
    void rewrite() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.client().scanPaginator(scan -> scan.tableName(TABLE).consistentRead(true)).items().forEach(items::add);
        stop();
        Path fresh = root.resolve("state.new");
        deleteTree(fresh);
        try (LocalDynamo writer = LocalDynamo.start(fresh)) {
            new MirrorTable(writer.client(), TABLE).createIfMissing();
            items.forEach(item -> writer.client().putItem(put -> put.tableName(TABLE).item(item)));
        }
        Path old = root.resolve("state.old");
        try {
            Files.move(store(), old);
            Files.move(fresh, store());
        } catch (IOException e) {
            throw new UncheckedIOException("could not put the rewritten state in place at " + store() + ": " + e.getMessage(), e);
        }
        deleteTree(old);
        start();
    }

    /**
     * An interrupted rewrite is finished or undone: a complete new store is never lost, nor an old one
     * kept beside it. (A copy kept by an open that was interrupted is dropped by the next open.)
     */
    private void recoverRewrite() throws IOException {
        Path old = root.resolve("state.old");
        deleteTree(root.resolve("state.new"));
        if (Files.exists(old)) {
            if (Files.exists(store())) {
                deleteTree(old);
            } else {
                Files.move(old, store());
            }
        }
    }

    /**
     * Starts the store, checked: LevelDB repairs what it cannot read by dropping it, so a store made
     * earlier is opened from a copy kept aside until every item was read, and put back as it was when
     * it turns out damaged.
     */
    private void start() {
        boolean made = Files.exists(root.resolve(MADE));
        if (made && (!Files.isDirectory(store()) || !Files.exists(store().resolve("CURRENT")))) {
            throw damaged("its CURRENT file is missing");
        }
        Path asItWas = root.resolve("state.as-it-was");
        deleteTree(asItWas);
        if (made) {
            copyTree(store(), asItWas);
        }
        try {
            startChecked(made);
        } catch (StateDamaged damage) {
            stop();
            deleteTree(store());
            move(asItWas, store());
            throw damage;
        }
        deleteTree(asItWas);
    }

    private void startChecked(boolean made) {
        try {
            dynamo = LocalDynamo.start(store(), made);
        } catch (IllegalStateException notStarted) {
            throw made ? damaged(reason(notStarted.getMessage())) : notStarted;
        }
        table = new MirrorTable(dynamo.client(), TABLE);
        try {
            table.createIfMissing();
            // every item read once: a damaged table file fails here, before anything is written
            table.licence();
            table.access();
            table.runs();
            table.lease();
        } catch (SdkException unreadable) {
            throw damaged(Messages.firstLine(unreadable, "a table file could not be read"));
        }
        Path licenceCopy = root.resolve(LICENCE_COPY);
        if (table.licence().isEmpty() && Files.exists(licenceCopy)) {
            throw damaged("it no longer holds the licence acceptance it held: " + read(licenceCopy));
        }
        if (!made) {
            write(root.resolve(MADE), "the mirror's state store was made");
        }
    }

    private StateDamaged damaged(String detail) {
        return new StateDamaged("The state of the mirror " + mirrorName + " (licence acceptance, stimulus access, run history) in " + root
                + " is damaged (" + detail + "); nothing was changed. Restore that folder from a backup, or move it aside to start afresh:"
                + " then accept the licence and log in again (the reports of earlier runs stay in the mirror's _mirror/runs/).");
    }

    private void stop() {
        if (dynamo != null) {
            dynamo.close();
            dynamo = null;
        }
    }

    /** Keeps the copy of the licence acceptance up to date with the store, before the store stops. */
    private void keepLicenceCopy() {
        Path licenceCopy = root.resolve(LICENCE_COPY);
        if (table == null || Files.exists(licenceCopy)) {
            return;
        }
        try {
            table.licence().ifPresent(acceptance -> write(licenceCopy, "accepted by " + acceptance.name() + " (" + acceptance.acceptedBy() + ") at "
                    + acceptance.acceptedAt()));
        } catch (SdkException unreadable) {
            return; // the store could not be read: the next open says it is damaged
        }
    }

    @Override
    public void close() {
        keepLicenceCopy();
        stop();
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** The state holds a secret: its folder is its owner's alone. */
    private static void ownerOnly(Path folder) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** The same endpoint however it is spelled: scheme and host in lower case, no default port, no trailing slash. */
    private static String normalised(URI endpoint) {
        if (endpoint == null) {
            return "aws";
        }
        String scheme = endpoint.getScheme() == null ? "http" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        int port = endpoint.getPort() == -1 || endpoint.getPort() == (scheme.equals("https") ? 443 : 80) ? -1 : endpoint.getPort();
        String host = endpoint.getHost() == null ? String.valueOf(endpoint) : endpoint.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (port == -1 ? "" : ":" + port) + endpoint.getPath().replaceAll("/+$", "");
    }

    /** What dynalite said when it failed (its DYNALITE_FAILED line), else the first line. */
    private static String reason(String message) {
        String text = String.valueOf(message);
        int failed = text.indexOf("DYNALITE_FAILED ");
        return Messages.firstLine(failed < 0 ? text : text.substring(failed + "DYNALITE_FAILED ".length()));
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep a copy of " + from + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("could not put " + from + " back as " + to + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path tree) {
        try {
            Trees.delete(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + tree + ": " + e.getMessage(), e);
        }
    }
}

package org.laionfmri.mirror.client.deployment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.UserFolders;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.local.LocalRuns;
import org.laionfmri.mirror.local.LocalWiring;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.local.files.FileObjectStore;
import org.laionfmri.mirror.local.state.FileMirrorState;
import org.laionfmri.mirror.run.Runs;
import org.laionfmri.mirror.state.MirrorState;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import software.amazon.awssdk.regions.Region;

/**
 * A mirror on this machine, the embedded default, natively: the mirror (a directory read and written as
 * files, or a bucket through S3), its state in an owner-only file kept with it ({@code <mirror
 * dir>/.laion-mirror/}, or for a bucket {@code $XDG_DATA_HOME/laion-mirror/<hash>}), and its runs on the
 * local engine in this process. Nothing listens on any port.
 */
public final class LocalDeployment implements Deployment {

    public static final String STATE_FOLDER = ".laion-mirror";
    /** Batches copied at once on one machine. */
    private static final int COPY_CONCURRENCY = 4;

    private final Store source;
    private final Store mirrorStore;
    private final URI accessService;
    private final FileMirrorState state;
    private final ObjectStore mirror;
    private LocalRuns runs;

    private LocalDeployment(Store source, Store mirrorStore, URI accessService, FileMirrorState state, ObjectStore mirror) {
        this.source = source;
        this.mirrorStore = mirrorStore;
        this.accessService = accessService;
        this.state = state;
        this.mirror = mirror;
    }

    /** Returns {@code mirrorStore} when a mirror has been made there, else throws {@link NoSuchMirror}. */
    public static Store existing(Store mirrorStore) {
        if (!FileMirrorState.exists(stateFolder(mirrorStore))) {
            throw new NoSuchMirror("No mirror has been made at " + describe(mirrorStore) + " (it has no " + STATE_FOLDER + " state): check"
                    + " the path, or run sync first.");
        }
        return mirrorStore;
    }

    /**
     * Opens the mirror at {@code mirrorStore} for this command alone, copying from {@code source}: its
     * state is made when {@code create} (else a mirror with no state is a {@link NoSuchMirror}); runs still
     * recorded as running were interrupted (they are marked so, and their lease cleared), and what an
     * interrupted copy left in a mirror directory is removed.
     *
     * @throws org.laionfmri.mirror.error.MirrorBusy when another command holds the mirror
     */
    public static LocalDeployment open(Store source, Store mirrorStore, URI accessService, boolean create) {
        if (!create) {
            existing(mirrorStore);
        }
        FileMirrorState state = FileMirrorState.openForWriting(stateFolder(mirrorStore), describe(mirrorStore));
        try {
            state.abandonInterruptedRuns(Clock.systemUTC().instant());
            ObjectStore mirror = mirrorStore.open("mirror", new RequestCounter());
            if (mirror instanceof FileObjectStore directory) {
                directory.removeTemporaries();
            }
            return new LocalDeployment(source, mirrorStore, accessService, state, mirror);
        } catch (RuntimeException failure) {
            state.close();
            throw failure;
        }
    }

    /**
     * Opens the mirror at {@code mirrorStore}, which must exist, to read what it holds and how its runs
     * went, while a command may be writing it (a sync under way): its state as last written whole.
     */
    public static LocalDeployment read(Store mirrorStore, URI accessService) {
        existing(mirrorStore);
        FileMirrorState state = FileMirrorState.openForReading(stateFolder(mirrorStore), describe(mirrorStore));
        return new LocalDeployment(mirrorStore, mirrorStore, accessService, state, mirrorStore.open("mirror", new RequestCounter()));
    }

    /** The folder holding a mirror's state: beside a directory mirror's files, or the user's for a bucket. */
    static Path stateFolder(Store mirror) {
        if (mirror instanceof Store.Directory directory) {
            return directory.path().resolve(STATE_FOLDER);
        }
        BucketLocation bucket = ((Store.Bucket) mirror).location();
        String identity = normalised(bucket.endpoint()) + " " + bucket.bucket() + "/" + bucket.prefix();
        return UserFolders.data(System.getenv()).resolve("laion-mirror")
                .resolve(Sha256.hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    }

    @Override
    public synchronized Runs runs() {
        if (runs == null) {
            Clock clock = Clock.systemUTC();
            runs = new LocalRuns(() -> new LocalWorkflow(new LocalWiring(source, mirrorStore, state, accessService, clock)::services, clock, Sleeper.REAL,
                    COPY_CONCURRENCY));
        }
        return runs;
    }

    @Override
    public MirrorState state() {
        return state;
    }

    @Override
    public ObjectStore mirror() {
        return mirror;
    }

    @Override
    public String caller() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            host = "localhost";
        }
        return "local:" + System.getProperty("user.name") + "@" + host;
    }

    @Override
    public Optional<Region> awsRegion() {
        return mirrorStore instanceof Store.Bucket bucket && bucket.location().endpoint() == null
                ? Optional.of(bucket.location().region()) : Optional.empty();
    }

    @Override
    public String describe() {
        return "the mirror " + (mirrorStore instanceof Store.Directory directory ? directory.path().toString()
                : "s3://" + ((Store.Bucket) mirrorStore).location().bucket() + "/" + ((Store.Bucket) mirrorStore).location().prefix());
    }

    @Override
    public String locate(String key) {
        return mirrorStore instanceof Store.Directory directory ? directory.path().resolve(key).toString()
                : "s3://" + ((Store.Bucket) mirrorStore).location().bucket() + "/" + ((Store.Bucket) mirrorStore).location().prefix() + key;
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    /** Ends the runs of this process (the engine before the state its functions write), then gives the mirror back. */
    @Override
    public synchronized void close() {
        if (runs != null) {
            runs.close();
        }
        mirror.close();
        state.close();
    }

    private static String describe(Store store) {
        return store instanceof Store.Directory directory ? directory.path().toString() : ((Store.Bucket) store).location().toString();
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
}

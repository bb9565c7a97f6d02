package org.laionfmri.mirror.client.deployment;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.MapRunInfo;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.engine.StepFunctionsServer;
import org.laionfmri.mirror.handlers.MirrorConfig;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.state.MirrorTable;
import org.laionfmri.mirror.state.StimulusAccess;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.MirrorBucket;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The mirror's deployment on this machine, the embedded default: directories served as buckets by
 * local S3 servers, the state in dynalite kept with the mirror
 * ({@code <mirror dir>/.laion-mirror/state}, or for a bucket {@code $XDG_DATA_HOME/laion-mirror/<hash>}),
 * and, when a command runs the workflow, {@code mirror.asl.json} on the local engine behind its Step
 * Functions API. The client reaches all of it through the same SDK clients as a deployed stack.
 */
public final class LocalDeployment implements Deployment {

    public static final String TABLE = "laion-mirror-state";
    public static final String STATE_FOLDER = ".laion-mirror";
    /** Batches copied at once on one machine. */
    private static final int COPY_CONCURRENCY = 4;
    private static final Region LOCAL_REGION = Region.US_EAST_1;
    private static final StaticCredentialsProvider LOCAL_CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final List<AutoCloseable> opened;
    private final Path mirrorDirectory;
    private final LocalState state;
    private final MirrorConfig config;
    private final MirrorBucket mirror;
    private LocalWorkflow workflow;
    private SfnClient sfn;

    private LocalDeployment(List<AutoCloseable> opened, Path mirrorDirectory, LocalState state, MirrorConfig config, MirrorBucket mirror) {
        this.opened = opened;
        this.mirrorDirectory = mirrorDirectory;
        this.state = state;
        this.config = config;
        this.mirror = mirror;
    }

    /** Returns {@code mirrorStore} when a mirror has been made there, else throws {@link NoSuchMirror}. */
    public static Store existing(Store mirrorStore) {
        if (!LocalState.exists(mirrorStore)) {
            throw new NoSuchMirror("No mirror has been made at " + describe(mirrorStore) + " (it has no " + LocalState.FOLDER + " state): check"
                    + " the path, or run sync first.");
        }
        return mirrorStore;
    }

    /**
     * Opens the deployment of the mirror at {@code mirrorStore}, copying from {@code source}. With {@code
     * create} false, a mirror that has no state yet is a {@link NoSuchMirror} and nothing is made. The
     * mirror's state is this command's alone while it is open: runs still recorded as running were
     * interrupted (they are marked so, and the lease they held is cleared), and what an interrupted copy
     * left in a mirror directory is removed.
     */
    public static LocalDeployment open(Store source, Store mirrorStore, URI accessService, boolean create) {
        if (!create) {
            existing(mirrorStore);
        }
        List<AutoCloseable> opened = new ArrayList<>();
        Path mirrorDirectory = mirrorStore instanceof Store.Directory directory ? directory.path() : null;
        // the S3 servers start while the state opens: each takes a while and none needs another. A source directory has
        // a server of its own: its files, which may change as they are read, are then streamed with their planned
        // size checked (a server-side copy of a file being appended to would store it torn)
        CompletableFuture<DirectoryBuckets> sourceServer = startIf(source instanceof Store.Directory, opened);
        CompletableFuture<DirectoryBuckets> mirrorServer = startIf(mirrorDirectory != null, opened);
        try {
            LocalState state = LocalState.open(mirrorStore, describe(mirrorStore));
            opened.add(state);
            state.table().abandonInterruptedRuns(Clock.systemUTC().instant());
            if (mirrorDirectory != null) {
                InterruptedCopies.removeFrom(mirrorDirectory);
            }
            BucketLocation sourceBucket = source instanceof Store.Directory directory
                    ? started(sourceServer).serve("source", directory.path()) : ((Store.Bucket) source).location();
            BucketLocation mirrorBucket = mirrorDirectory != null
                    ? started(mirrorServer).serve("mirror", mirrorDirectory) : ((Store.Bucket) mirrorStore).location();
            S3Client s3 = S3Clients.create(mirrorBucket, new RequestCounter());
            opened.add(s3);
            S3AsyncClient multipart = S3Clients.createMultipart(mirrorBucket, new RequestCounter(), MirrorConfig.DEFAULT_PART_SIZE);
            opened.add(multipart);
            MirrorConfig config = MirrorConfig.builder().source(sourceBucket).mirror(mirrorBucket).tableName(TABLE)
                    .region(LOCAL_REGION).accessService(accessService).build();
            return new LocalDeployment(opened, mirrorDirectory, state, config, new MirrorBucket(s3, multipart, mirrorBucket));
        } catch (RuntimeException failure) {
            closeAll(opened); // nothing started for a mirror that could not open is left running
            throw failure;
        }
    }

    /** A local S3 server starting, when {@code needed}; stopped with the deployment. */
    private static CompletableFuture<DirectoryBuckets> startIf(boolean needed, List<AutoCloseable> opened) {
        if (!needed) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<DirectoryBuckets> starting = CompletableFuture.supplyAsync(DirectoryBuckets::start);
        opened.add(() -> {
            DirectoryBuckets started = starting.handle((server, notStarted) -> server).join();
            if (started != null) {
                started.close();
            }
        });
        return starting;
    }

    private static DirectoryBuckets started(CompletableFuture<DirectoryBuckets> serverStarting) {
        try {
            return serverStarting.join();
        } catch (CompletionException notStarted) {
            throw notStarted.getCause() instanceof RuntimeException cause ? cause : notStarted;
        }
    }

    @Override
    public synchronized SfnClient workflow() {
        if (sfn == null) {
            // the state's current endpoint: a rewrite of the store (login, logout) restarts it elsewhere
            workflow = new LocalWorkflow(config.toBuilder().tableEndpoint(state.endpoint()).build(), Clock.systemUTC(), Sleeper.REAL, COPY_CONCURRENCY);
            opened.add(workflow);
            StepFunctionsServer api = StepFunctionsServer.start(workflow.engine());
            opened.add(api);
            sfn = SfnClient.builder().endpointOverride(api.endpoint()).region(LOCAL_REGION).credentialsProvider(LOCAL_CREDENTIALS).build();
            opened.add(sfn);
        }
        return sfn;
    }

    @Override
    public String stateMachineArn() {
        workflow();
        return workflow.stateMachineArn();
    }

    @Override
    public MirrorTable table() {
        return state.table();
    }

    @Override
    public void saveAccess(StimulusAccess access) {
        boolean replacing = state.table().access().isPresent();
        state.table().saveAccess(access);
        if (replacing) {
            state.rewrite(); // the store's files would keep the request_id it replaces
        }
    }

    /** Deleting the item leaves the old value in the store's files until they are rewritten: they are, at once. */
    @Override
    public void forgetAccess() {
        state.table().forgetAccess();
        state.rewrite();
    }

    @Override
    public MirrorBucket mirror() {
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
        return mirrorDirectory == null && config.mirror().endpoint() == null ? Optional.of(config.mirror().region()) : Optional.empty();
    }

    @Override
    public String describe() {
        return "the mirror " + (mirrorDirectory != null ? mirrorDirectory.toString() : "s3://" + config.mirror().bucket() + "/" + config.mirror().prefix());
    }

    @Override
    public String locate(String key) {
        return mirrorDirectory != null ? mirrorDirectory.resolve(key).toString() : "s3://" + config.mirror().bucket() + "/" + config.mirror().prefix() + key;
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public void awaitEnd(String executionArn, Duration upTo) throws InterruptedException {
        LocalWorkflow running = runningWorkflow();
        if (running == null) {
            Thread.sleep(upTo.toMillis());
        } else {
            running.engine().awaitExecution(executionArn, upTo);
        }
    }

    private synchronized LocalWorkflow runningWorkflow() {
        return workflow;
    }

    @Override
    public synchronized OptionalLong stateTransitions(String executionArn) {
        if (workflow == null) {
            return OptionalLong.empty();
        }
        ExecutionInfo execution = workflow.engine().describeExecution(executionArn);
        return OptionalLong.of(execution.stateTransitions()
                + workflow.engine().listMapRuns(executionArn).stream().mapToLong(MapRunInfo::stateTransitions).sum());
    }

    @Override
    public synchronized void close() {
        closeAll(opened);
    }

    private static String describe(Store store) {
        return store instanceof Store.Directory directory ? directory.path().toString() : ((Store.Bucket) store).location().toString();
    }

    /** Closes in reverse order of opening (the engine before the servers it uses). */
    private static void closeAll(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + opened.get(i) + ": " + e.getMessage(), e);
            }
        }
        opened.clear();
    }
}

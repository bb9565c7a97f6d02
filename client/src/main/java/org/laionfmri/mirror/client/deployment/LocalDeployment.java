package org.laionfmri.mirror.client.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.engine.ExecutionInfo;
import org.laionfmri.mirror.engine.MapRunInfo;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.engine.StepFunctionsServer;
import org.laionfmri.mirror.error.MirrorBusy;
import org.laionfmri.mirror.handlers.MirrorConfig;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.state.MirrorTable;
import org.laionfmri.mirror.state.local.LocalDynamo;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.MirrorBucket;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The mirror's deployment on this machine, the embedded default: directories served as buckets by one
 * local S3 server (so two directories copy server-side), the state in dynalite kept with the mirror
 * ({@code <mirror dir>/.laion-mirror/state}, or for a bucket {@code ~/.local/share/laion-mirror/<hash>}),
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
    private final MirrorConfig config;
    private final MirrorTable table;
    private final MirrorBucket mirror;
    private LocalWorkflow workflow;
    private SfnClient sfn;

    private LocalDeployment(List<AutoCloseable> opened, Path mirrorDirectory, MirrorConfig config, MirrorTable table, MirrorBucket mirror) {
        this.opened = opened;
        this.mirrorDirectory = mirrorDirectory;
        this.config = config;
        this.table = table;
        this.mirror = mirror;
    }

    /**
     * Opens the deployment of the mirror at {@code mirrorStore}, copying from {@code source}. With {@code
     * create} false, a mirror that has no state yet is a {@link NoSuchMirror} and nothing is made.
     * Since this process now holds the mirror's state alone, runs still recorded as running were
     * interrupted: they are marked so, and the lease they held is cleared.
     */
    public static LocalDeployment open(Store source, Store mirrorStore, URI accessService, boolean create) {
        Path state = stateDirectory(mirrorStore);
        if (!create && !Files.isDirectory(state)) {
            throw new NoSuchMirror("No mirror has been made at " + describe(mirrorStore) + " (it has no " + STATE_FOLDER + " state): check the path,"
                    + " or run sync first.");
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            createDirectories(state);
            DirectoryBuckets directories = null;
            if (source instanceof Store.Directory || mirrorStore instanceof Store.Directory) {
                directories = DirectoryBuckets.start();
                opened.add(directories);
            }
            BucketLocation sourceBucket = source instanceof Store.Directory directory
                    ? directories.serve("source", directory.path()) : ((Store.Bucket) source).location();
            Path mirrorDirectory = mirrorStore instanceof Store.Directory directory ? directory.path() : null;
            BucketLocation mirrorBucket = mirrorDirectory != null ? directories.serve("mirror", mirrorDirectory) : ((Store.Bucket) mirrorStore).location();
            LocalDynamo dynamo = startState(state, mirrorStore);
            opened.add(dynamo);
            MirrorConfig config = MirrorConfig.builder().source(sourceBucket).mirror(mirrorBucket).tableName(TABLE).tableEndpoint(dynamo.endpoint())
                    .region(LOCAL_REGION).accessService(accessService).build();
            DynamoDbClient dynamoClient = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(LOCAL_REGION)
                    .credentialsProvider(LOCAL_CREDENTIALS).build();
            opened.add(dynamoClient);
            S3Client s3 = S3Clients.create(mirrorBucket, new RequestCounter());
            opened.add(s3);
            S3AsyncClient multipart = S3Clients.createMultipart(mirrorBucket, new RequestCounter(), MirrorConfig.DEFAULT_PART_SIZE);
            opened.add(multipart);
            MirrorTable table = new MirrorTable(dynamoClient, TABLE);
            table.createIfMissing();
            table.abandonInterruptedRuns(Clock.systemUTC().instant());
            return new LocalDeployment(opened, mirrorDirectory, config, table, new MirrorBucket(s3, multipart, mirrorBucket));
        } catch (RuntimeException failure) {
            closeAll(opened); // nothing started for a mirror that could not open is left running
            throw failure;
        }
    }

    /** Where a mirror's state lives: with a directory mirror, or per bucket in the user's data folder. */
    public static Path stateDirectory(Store mirrorStore) {
        if (mirrorStore instanceof Store.Directory directory) {
            return directory.path().resolve(STATE_FOLDER).resolve("state");
        }
        BucketLocation bucket = ((Store.Bucket) mirrorStore).location();
        String identity = bucket.endpoint() + " " + bucket.bucket() + "/" + bucket.prefix();
        return Path.of(System.getProperty("user.home"), ".local", "share", "laion-mirror",
                Sha256.hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    }

    private static LocalDynamo startState(Path state, Store mirrorStore) {
        try {
            return LocalDynamo.start(state);
        } catch (IllegalStateException notStarted) {
            if (String.valueOf(notStarted.getMessage()).contains("LOCK")) {
                throw new MirrorBusy("The state of the mirror " + describe(mirrorStore) + " is in use by another laion-mirror command (a sync"
                        + " running on it?): wait for it to end, then run this again.");
            }
            throw notStarted;
        }
    }

    @Override
    public synchronized SfnClient workflow() {
        if (sfn == null) {
            workflow = new LocalWorkflow(config, Clock.systemUTC(), Sleeper.REAL, COPY_CONCURRENCY);
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
        return table;
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

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the mirror's state folder " + directory + ": " + e.getMessage(), e);
        }
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

package org.laionfmri.mirror.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.laionfmri.mirror.Sha256;
import org.laionfmri.mirror.engine.Sleeper;
import org.laionfmri.mirror.handlers.MirrorConfig;
import org.laionfmri.mirror.handlers.MirrorServices;
import org.laionfmri.mirror.local.LocalWorkflow;
import org.laionfmri.mirror.state.MirrorTable;
import org.laionfmri.mirror.state.local.LocalDynamo;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A mirror run on this machine: the source and the mirror (directories are served over S3), the
 * mirror's state in dynalite, kept with the mirror so that its licence acceptance and run history
 * belong to it ({@code <mirror dir>/.laion-mirror/state}, or for a bucket {@code
 * ~/.local/share/laion-mirror/<bucket hash>}).
 */
final class LocalMirror implements AutoCloseable {

    static final String TABLE = "laion-mirror-state";
    static final String STATE_FOLDER = ".laion-mirror";
    /** Batches copied at once on one machine. */
    private static final int COPY_CONCURRENCY = 4;

    private final DirectoryBuckets directories;
    private final Path mirrorDirectory;
    private final LocalDynamo dynamo;
    private final MirrorConfig config;
    private MirrorServices services;

    private LocalMirror(DirectoryBuckets directories, Path mirrorDirectory, LocalDynamo dynamo, MirrorConfig config) {
        this.directories = directories;
        this.mirrorDirectory = mirrorDirectory;
        this.dynamo = dynamo;
        this.config = config;
    }

    /**
     * Opens the mirror of {@code storage}: directories are served over S3 by one local server, so two
     * directories copy server-side; a source and a mirror on different stores stream each object.
     */
    static LocalMirror open(StorageOptions storage, URI accessService) {
        BucketLocation sourceBucket = storage.sourceBucket();
        BucketLocation destBucket = storage.destBucket();
        Path sourceDirectory = sourceBucket == null ? storage.sourceDirectory() : null;
        Path mirrorDirectory = destBucket == null ? Path.of(storage.dest) : null;
        Path stateDirectory = stateDirectory(storage);
        DirectoryBuckets directories = null;
        LocalDynamo dynamo = null;
        LocalMirror mirror = null;
        try {
            if (sourceDirectory != null || mirrorDirectory != null) {
                directories = DirectoryBuckets.start();
            }
            if (sourceDirectory != null) {
                sourceBucket = directories.serve("source", sourceDirectory);
            }
            if (mirrorDirectory != null) {
                destBucket = directories.serve("mirror", mirrorDirectory);
            }
            dynamo = LocalDynamo.start(stateDirectory);
            MirrorConfig config = MirrorConfig.builder().source(sourceBucket).mirror(destBucket).tableName(TABLE).tableEndpoint(dynamo.endpoint())
                    .region(Region.US_EAST_1).accessService(accessService).build();
            mirror = new LocalMirror(directories, mirrorDirectory, dynamo, config);
            mirror.services().table().createIfMissing();
            // this process holds the mirror's state store alone: a run still recorded as running was interrupted
            mirror.services().table().abandonInterruptedRuns(Instant.now());
            return mirror;
        } catch (RuntimeException failure) {
            // nothing started for a mirror that could not open is left running
            if (mirror != null) {
                mirror.close();
            } else {
                if (dynamo != null) {
                    dynamo.close();
                }
                if (directories != null) {
                    directories.close();
                }
            }
            throw failure;
        }
    }

    /** Runs {@code action} on the mirror's state table, with dynalite started for it and stopped after. */
    static <T> T withStateTable(StorageOptions storage, Function<MirrorTable, T> action) {
        try (LocalDynamo dynamo = LocalDynamo.start(stateDirectory(storage)); DynamoDbClient client = dynamo.client()) {
            MirrorTable table = new MirrorTable(client, TABLE);
            table.createIfMissing();
            return action.apply(table);
        }
    }

    /** Where a mirror's state lives (made if missing): with a directory mirror, or per bucket in the user's data folder. */
    static Path stateDirectory(StorageOptions storage) {
        BucketLocation destBucket = storage.destBucket();
        if (destBucket == null) {
            return createDirectories(Path.of(storage.dest).resolve(STATE_FOLDER).resolve("state"));
        }
        String identity = destBucket.endpoint() + " " + destBucket.bucket() + "/" + destBucket.prefix();
        return createDirectories(Path.of(System.getProperty("user.home"), ".local", "share", "laion-mirror",
                Sha256.hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16)));
    }

    /** Where a mirror key is, as the user named the mirror: a file of the mirror directory, or an S3 URI. */
    String locate(String key) {
        return mirrorDirectory != null ? mirrorDirectory.resolve(key).toString()
                : "s3://" + config.mirror().bucket() + "/" + config.mirror().prefix() + key;
    }

    /** The functions' services on this mirror, for the commands that act on its state directly. */
    synchronized MirrorServices services() {
        if (services == null) {
            services = new MirrorServices(config, Clock.systemUTC());
        }
        return services;
    }

    LocalWorkflow workflow() {
        return new LocalWorkflow(config, Clock.systemUTC(), Sleeper.REAL, COPY_CONCURRENCY);
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the mirror directory " + directory, e);
        }
    }

    @Override
    public synchronized void close() {
        if (services != null) {
            services.close();
        }
        dynamo.close();
        if (directories != null) {
            directories.close();
        }
    }
}

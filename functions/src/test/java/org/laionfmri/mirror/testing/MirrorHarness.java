package org.laionfmri.mirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.laionfmri.mirror.handlers.MirrorConfig;
import org.laionfmri.mirror.state.MirrorTable;
import org.laionfmri.mirror.state.local.LocalDynamo;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.MirrorBucket;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The embedded stack the integration tests run on: a source and a mirror bucket served from folders by
 * S3Proxy (with S3's copy limit, throttling and denials injectable through {@link #faults()}), and
 * the state table on dynalite.
 */
public final class MirrorHarness implements AutoCloseable {

    /** The single-part limit of the embedded S3: the smallest part S3 accepts, so multipart paths run on small objects. */
    public static final long SINGLE_PART_LIMIT = 5L << 20;
    public static final String TABLE = "laion-mirror-state";

    private final Path sourceDir;
    private final Path mirrorDir;
    private final DirectoryBuckets buckets;
    private final FaultyStore faults;
    private final BucketLocation source;
    private final BucketLocation mirror;
    private final LocalDynamo dynamo;
    private final DynamoDbClient dynamoClient;
    private final MirrorTable table;
    private final RequestCounter requests = new RequestCounter();
    private final S3Client mirrorS3;
    private final S3AsyncClient mirrorMultipart;

    private MirrorHarness(Path workspace) throws IOException {
        sourceDir = Files.createDirectories(workspace.resolve("source"));
        mirrorDir = Files.createDirectories(workspace.resolve("mirror"));
        FaultyStore[] store = new FaultyStore[1];
        buckets = DirectoryBuckets.builder().maxSinglePartObjectSize(SINGLE_PART_LIMIT)
                .middleware(filesystem -> store[0] = new FaultyStore(filesystem, SINGLE_PART_LIMIT)).start();
        faults = store[0];
        source = buckets.serve("source", sourceDir);
        mirror = buckets.serve("mirror", mirrorDir);
        dynamo = LocalDynamo.start(null);
        dynamoClient = dynamo.client();
        table = new MirrorTable(dynamoClient, TABLE);
        table.createIfMissing();
        mirrorS3 = S3Clients.create(mirror, requests);
        mirrorMultipart = S3Clients.createMultipart(mirror, requests, SINGLE_PART_LIMIT);
    }

    public static MirrorHarness start(Path workspace) {
        try {
            return new MirrorHarness(workspace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path sourceDir() {
        return sourceDir;
    }

    public Path mirrorDir() {
        return mirrorDir;
    }

    public BucketLocation source() {
        return source;
    }

    public BucketLocation mirror() {
        return mirror;
    }

    public FaultyStore faults() {
        return faults;
    }

    public LocalDynamo dynamo() {
        return dynamo;
    }

    public MirrorTable table() {
        return table;
    }

    /** The functions' configuration on this stack, with the access service at {@code accessService}. */
    public MirrorConfig config(URI accessService) {
        return new MirrorConfig(source, mirror, TABLE, dynamo.endpoint(), Region.US_EAST_1, accessService,
                SINGLE_PART_LIMIT, SINGLE_PART_LIMIT, 4);
    }

    public MirrorBucket mirrorBucket() {
        return new MirrorBucket(mirrorS3, mirrorMultipart, mirror);
    }

    /** The mirror's objects as S3 lists them (the store's own bookkeeping files are not objects). */
    public List<String> mirrorObjectKeys() {
        return mirrorS3.listObjectsV2Paginator(list -> list.bucket(mirror.bucket())).contents().stream()
                .map(object -> object.key()).toList();
    }

    @Override
    public void close() {
        mirrorS3.close();
        mirrorMultipart.close();
        dynamoClient.close();
        dynamo.close();
        buckets.close();
    }
}

package org.laionfmri.mirror.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.laionfmri.mirror.handlers.MirrorConfig;
import org.laionfmri.mirror.handlers.MirrorServices;
import org.laionfmri.mirror.sample.SampleBucket;
import org.laionfmri.mirror.handlers.WorkflowSettings;
import org.laionfmri.mirror.state.dynamo.DynamoMirrorState;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.ObjectEntry;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3Clients;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stack the integration tests run on (see {@link StackBackend} for the switch), with what tests do
 * to it: fill the source, read and write the mirror, reach the state table, inject S3 faults.
 */
public final class MirrorHarness implements AutoCloseable {

    /** The single-part limit of the test S3: the smallest part S3 accepts, so multipart paths run on small objects. */
    public static final long SINGLE_PART_LIMIT = 5L << 20;
    public static final String TABLE = "laion-mirror-state";
    private static final URI NO_ACCESS_SERVICE = URI.create("http://127.0.0.1:9");

    private final StackBackend backend;
    private final BucketLocation mirror;
    private final MirrorServices services;
    private final S3AsyncClient sourceWriter;
    private final S3Client sourceReader;

    private MirrorHarness(StackBackend backend, String mirrorPrefix) {
        this.backend = backend;
        BucketLocation bucket = backend.mirror();
        this.mirror = new BucketLocation(bucket.bucket(), mirrorPrefix, bucket.endpoint(), bucket.region(), bucket.anonymous());
        this.services = config(NO_ACCESS_SERVICE).services(Clock.systemUTC(), List.of());
        this.sourceWriter = S3Clients.createMultipart(backend.source(), new RequestCounter(), SINGLE_PART_LIMIT);
        this.sourceReader = S3Clients.create(backend.source(), new RequestCounter());
        table().createIfMissing();
    }

    public static MirrorHarness start(Path workspace) {
        return start(workspace, "");
    }

    /** A stack whose mirror lives under {@code mirrorPrefix} of its bucket, as a deployed stack's may (e.g. {@code "lab/"}). */
    public static MirrorHarness start(Path workspace, String mirrorPrefix) {
        return new MirrorHarness(StackBackend.start(workspace, SINGLE_PART_LIMIT), mirrorPrefix);
    }

    /** The functions' configuration on this stack, with the access service at {@code accessService}. */
    public MirrorConfig config(URI accessService) {
        return MirrorConfig.builder().source(backend.source()).mirror(mirror).tableName(TABLE).tableEndpoint(backend.tableEndpoint())
                .region(backend.region()).accessService(accessService).singlePartLimit(SINGLE_PART_LIMIT).partSize(SINGLE_PART_LIMIT)
                .settings(WorkflowSettings.DEFAULT.withCopyParallelism(4)).build();
    }

    /** The functions wired on this stack, each caller's services its own, as each Lambda container builds them. */
    public Function<String, MirrorServices> wiring(URI accessService) {
        return caller -> config(accessService).services(Clock.systemUTC(), List.of());
    }

    public BucketLocation mirror() {
        return mirror;
    }

    public DynamoMirrorState table() {
        return (DynamoMirrorState) services.state();
    }

    public ObjectStore mirrorStore() {
        return services.mirror();
    }

    /** The S3 faults of the embedded stack; a test that needs them is skipped on a backend without. */
    public FaultyStore faults() {
        Assumptions.assumeTrue(backend.faults().isPresent(), "injecting S3 faults needs the embedded S3: skipped on " + backend);
        return backend.faults().orElseThrow();
    }

    public void writeSource(String key, byte[] body) {
        sourceWriter.putObject(put -> put.bucket(backend.source().bucket()).key(backend.source().prefix() + key),
                AsyncRequestBody.fromBytes(body)).join();
    }

    /** Fills the source with the sample bucket (4,026 objects), a few dozen uploads at a time. */
    public void writeSample() {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> uploads = new ArrayList<>();
        for (ObjectEntry entry : SampleBucket.nominalEntries()) {
            inFlight.acquireUninterruptibly();
            byte[] body = SampleBucket.body(entry.key(), SampleBucket.bodySize(entry.size()));
            uploads.add(sourceWriter.putObject(put -> put.bucket(backend.source().bucket()).key(backend.source().prefix() + entry.key()),
                    AsyncRequestBody.fromBytes(body)).whenComplete((response, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).join();
    }

    public byte[] readSource(String key) {
        return sourceReader.getObjectAsBytes(get -> get.bucket(backend.source().bucket()).key(backend.source().prefix() + key)).asByteArray();
    }

    public byte[] readMirror(String key) {
        try (InputStream in = mirrorStore().read(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeMirror(String key, byte[] body) {
        mirrorStore().put(key, body, "application/octet-stream");
    }

    /** The mirror's objects as S3 lists them. */
    public List<String> mirrorObjectKeys() {
        List<String> keys = new ArrayList<>();
        for (Iterator<List<ObjectEntry>> pages = mirrorStore().pages(""); pages.hasNext(); ) {
            pages.next().forEach(entry -> keys.add(entry.key()));
        }
        return keys;
    }

    @Override
    public void close() {
        sourceWriter.close();
        sourceReader.close();
        services.close();
        backend.close();
    }
}

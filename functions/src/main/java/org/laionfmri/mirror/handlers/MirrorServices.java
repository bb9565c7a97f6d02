package org.laionfmri.mirror.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.laionfmri.mirror.copy.BatchCopier;
import org.laionfmri.mirror.copy.StreamedCopy;
import org.laionfmri.mirror.licence.Cc0Licence;
import org.laionfmri.mirror.state.MirrorTable;
import org.laionfmri.mirror.stimuli.AccessServiceClient;
import org.laionfmri.mirror.stimuli.StimulusSync;
import org.laionfmri.mirror.storage.MirrorBucket;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import org.laionfmri.mirror.storage.S3ObjectListing;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The functions' composition root: builds the clients of a {@link MirrorConfig} when first needed (a
 * function builds only what it uses) and hands out the domain objects over them.
 */
public final class MirrorServices implements AutoCloseable {

    private final MirrorConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final RequestCounter requests = new RequestCounter();
    private final RequestCounter sourceRequests = new RequestCounter();
    private final Clock clock;
    private final List<ExecutionInterceptor> interceptors;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private S3Client sourceS3;
    private S3Client mirrorS3;
    private S3AsyncClient mirrorAsync;
    private S3AsyncClient sourceAsync;
    private S3AsyncClient mirrorMultipart;
    private S3AsyncClient mirrorCopies;
    private DynamoDbClient dynamo;
    private AccessServiceClient accessService;

    public MirrorServices(MirrorConfig config, Clock clock) {
        this(config, clock, List.of());
    }

    /**
     * @param interceptors given to every AWS client built here besides the request counter: how a test
     *     observes the calls a function makes (the IAM simulation tier records them)
     */
    public MirrorServices(MirrorConfig config, Clock clock, List<ExecutionInterceptor> interceptors) {
        this.config = config;
        this.clock = clock;
        this.interceptors = List.copyOf(interceptors);
    }

    public static MirrorServices fromEnvironment() {
        return new MirrorServices(MirrorConfig.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    public MirrorConfig config() {
        return config;
    }

    public ObjectMapper json() {
        return json;
    }

    public Clock clock() {
        return clock;
    }

    /** Counts the S3 requests of every client built here. */
    public RequestCounter requests() {
        return requests;
    }

    /**
     * Counts, besides, those sent to the source: the public bucket is read anonymously, so they are billed
     * to its owner, not to the mirror's.
     */
    public RequestCounter sourceRequests() {
        return sourceRequests;
    }

    public synchronized ObjectListing sourceListing() {
        sourceS3 = open(sourceS3, () -> S3Clients.create(config.source(), requests, sourceInterceptors()));
        return new S3ObjectListing(sourceS3, config.source());
    }

    public synchronized ObjectListing mirrorListing() {
        return new S3ObjectListing(mirrorS3(), config.mirror());
    }

    public synchronized MirrorBucket mirrorBucket() {
        return new MirrorBucket(mirrorS3(), mirrorMultipart(), config.mirror());
    }

    public synchronized BatchCopier copier() {
        if (config.source().sameStoreAs(config.mirror())) {
            mirrorCopies = open(mirrorCopies, () -> S3Clients.createCopier(config.mirror(), requests, interceptors, config.singlePartLimit()));
            return new BatchCopier(mirrorCopies, mirrorMultipart(), null, requests, config.source(), config.mirror(),
                    config.singlePartLimit(), config.copyParallelism(), clock);
        }
        mirrorAsync = open(mirrorAsync, () -> S3Clients.createAsync(config.mirror(), requests, interceptors));
        sourceAsync = open(sourceAsync, () -> S3Clients.createStreamReader(config.source(), requests, sourceInterceptors())); // copies stream across stores
        StreamedCopy streamed = new StreamedCopy(sourceAsync, mirrorAsync, config.source(), config.mirror(), StreamedCopy.MIN_PART_SIZE);
        return new BatchCopier(mirrorAsync, mirrorMultipart(), streamed, requests, config.source(), config.mirror(),
                config.singlePartLimit(), config.copyParallelism(), clock);
    }

    public synchronized MirrorTable table() {
        dynamo = open(dynamo, () -> {
            DynamoDbClientBuilder builder = DynamoDbClient.builder().region(config.region())
                    .overrideConfiguration(override -> interceptors.forEach(override::addExecutionInterceptor));
            if (config.tableEndpoint() != null) {
                // a local DynamoDB API checks no credentials
                builder.endpointOverride(config.tableEndpoint())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
            }
            return builder.build();
        });
        return new MirrorTable(dynamo, config.tableName());
    }

    public Cc0Licence licence() {
        return new Cc0Licence(table(), clock);
    }

    public synchronized StimulusSync stimulusSync() {
        if (accessService == null) {
            accessService = new AccessServiceClient(config.accessService(),
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build(), json);
        }
        return new StimulusSync(accessService, table(), mirrorBucket());
    }

    private List<ExecutionInterceptor> sourceInterceptors() {
        List<ExecutionInterceptor> source = new ArrayList<>(interceptors);
        source.add(sourceRequests);
        return source;
    }

    /** Streams uploads and copies in parts: every object sent to it is above its threshold, one part. */
    private S3AsyncClient mirrorMultipart() {
        mirrorMultipart = open(mirrorMultipart, () -> S3Clients.createMultipart(config.mirror(), requests, config.partSize(), interceptors));
        return mirrorMultipart;
    }

    private S3Client mirrorS3() {
        mirrorS3 = open(mirrorS3, () -> S3Clients.create(config.mirror(), requests, interceptors));
        return mirrorS3;
    }

    private <T extends AutoCloseable> T open(T existing, Supplier<T> create) {
        if (existing != null) {
            return existing;
        }
        T created = create.get();
        opened.add(created);
        return created;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : opened) {
            try {
                client.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close " + client, e);
            }
        }
        opened.clear();
    }
}

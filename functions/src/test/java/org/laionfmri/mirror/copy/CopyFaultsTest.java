package org.laionfmri.mirror.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3Clients;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.testing.FaultyProxy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies through a {@link FaultyProxy}: throttling, connections reset before and after the store acts,
 * bodies cut short, at 5% and 20% of the requests with fixed seeds, on each path a batch takes
 * (server-side on one store; across stores with the source, then the mirror, behind the proxy), with
 * objects on both sides of the part size; every object must arrive identical and none fail. Then dead
 * endpoints: each object fails, with one line, in the bounded retry budget (the time is printed, not
 * asserted). And a store that refuses headers it does not know takes copies across stores, in parts too.
 */
@Tag("faults")
class CopyFaultsTest {

    private static final long PART = 5L << 20;
    private static final int PARALLELISM = 4;
    private static final Map<String, Long> BATCH = batch();

    @TempDir
    Path workspace;
    private Path sourceDir;
    private Path mirrorDir;
    private Path otherMirrorDir;
    private DirectoryBuckets here;
    private DirectoryBuckets elsewhere;
    private BucketLocation source;
    private BucketLocation mirror;
    private BucketLocation otherMirror;
    private double lastCopySeconds;

    @BeforeEach
    void serve() throws IOException {
        sourceDir = Files.createDirectory(workspace.resolve("source"));
        mirrorDir = Files.createDirectory(workspace.resolve("mirror"));
        otherMirrorDir = Files.createDirectory(workspace.resolve("other-mirror"));
        here = DirectoryBuckets.builder().maxSinglePartObjectSize(PART).start();
        elsewhere = DirectoryBuckets.start();
        source = here.serve("source", sourceDir);
        mirror = here.serve("mirror", mirrorDir);
        otherMirror = elsewhere.serve("mirror", otherMirrorDir);
        for (Map.Entry<String, Long> object : BATCH.entrySet()) {
            write(object.getKey(), object.getValue());
        }
    }

    @AfterEach
    void stop() {
        here.close();
        elsewhere.close();
    }

    static Stream<Arguments> rounds() {
        return Stream.of(Arguments.of(0.05, 5L), Arguments.of(0.20, 20L));
    }

    @ParameterizedTest(name = "{0} of the requests broken, seed {1}")
    @MethodSource("rounds")
    void serverSideCopiesOnOneStoreRideOutFaults(double rate, long seed) throws IOException {
        try (FaultyProxy proxy = FaultyProxy.start(here.endpoint(), rate, seed)) {
            BatchResult result = copy(proxy.front(source), proxy.front(mirror));

            report("one store", rate, seed, proxy, result);
            assertEveryObjectCopied(result, mirrorDir);
            assertThat(result.s3Requests()).containsKeys("CopyObject", "UploadPartCopy");
            assertThat(proxy.injectedTotal()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0} of the requests broken, seed {1}")
    @MethodSource("rounds")
    void copiesAcrossStoresRideOutFaultsOfTheSource(double rate, long seed) throws IOException {
        try (FaultyProxy proxy = FaultyProxy.start(here.endpoint(), rate, seed)) {
            BatchResult result = copy(proxy.front(source), otherMirror);

            report("source behind the proxy", rate, seed, proxy, result);
            assertEveryObjectCopied(result, otherMirrorDir);
            assertThat(result.s3Requests()).containsKeys("GetObject", "PutObject", "UploadPart").doesNotContainKey("CopyObject");
            assertThat(proxy.injectedTotal()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0} of the requests broken, seed {1}")
    @MethodSource("rounds")
    void copiesAcrossStoresRideOutFaultsOfTheMirror(double rate, long seed) throws IOException {
        try (FaultyProxy proxy = FaultyProxy.start(elsewhere.endpoint(), rate, seed)) {
            BatchResult result = copy(source, proxy.front(otherMirror));

            report("mirror behind the proxy", rate, seed, proxy, result);
            assertEveryObjectCopied(result, otherMirrorDir);
            assertThat(proxy.injectedTotal()).isPositive();
        }
    }

    @Test
    void aSourceThatNeverAnswersFailsEachObjectWithOneLine() {
        try (FaultyProxy silent = FaultyProxy.silent()) {
            assertEachObjectFailsPlainly("never answers", silent.front(source));
        }
    }

    @Test
    void aSourceOnAClosedPortFailsEachObjectWithOneLine() throws IOException {
        BucketLocation closed = new BucketLocation(source.bucket(), "", closedPort(), source.region(), true);
        assertEachObjectFailsPlainly("closed port", closed);
    }

    @Test
    void aListingOfAnEndpointThatNeverAnswersFailsAfterTwoAttempts() {
        RequestCounter requests = new RequestCounter();
        try (FaultyProxy silent = FaultyProxy.silent(); S3Client s3 = S3Clients.create(silent.front(source), requests)) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> s3.listObjectsV2(list -> list.bucket(source.bucket()))).isInstanceOf(SdkException.class);

            System.out.printf("listing, never answers: failed after %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertThat(requests.snapshot()).containsEntry("ListObjectsV2", 2L);
        }
    }

    @Test
    void copiesAcrossStoresToAStoreThatRefusesUnknownHeaders() throws IOException {
        long size = 3 * PART + 4_321; // 4 parts: what 64 MiB parts make of an object above 192 MiB
        byte[] large = write("sub-01/ses-04/func/large_bold.nii.gz", size);
        try (DirectoryBuckets strict = DirectoryBuckets.builder().ignoreUnknownHeaders(false).start()) {
            Path strictDir = Files.createDirectory(workspace.resolve("strict-mirror"));
            BucketLocation strictMirror = strict.serve("mirror", strictDir);
            try (S3AsyncClient sdkMultipart = S3Clients.createMultipart(strictMirror, new RequestCounter(), PART)) {
                // the SDK's multipart client is refused here (x-amz-mp-object-size): proof the store is strict
                assertThatThrownBy(() -> sdkMultipart.putObject(put -> put.bucket(strictMirror.bucket()).key("probe"),
                        AsyncRequestBody.fromBytes(large)).join())
                        .isInstanceOf(CompletionException.class).cause().isInstanceOf(S3Exception.class)
                        .satisfies(refused -> assertThat(((S3Exception) refused).statusCode()).isEqualTo(501));
            }

            BatchResult result = copy(source, strictMirror,
                    List.of(new CopyItem("sub-01/ses-04/func/large_bold.nii.gz", size), new CopyItem("README", BATCH.get("README"))));

            assertThat(result.failed()).isEmpty();
            assertThat(result.copied()).isEqualTo(2);
            assertThat(result.s3Requests()).containsEntry("PutObject", 1L).containsEntry("UploadPart", 4L)
                    .containsEntry("CompleteMultipartUpload", 1L);
            assertThat(strictDir.resolve("sub-01/ses-04/func/large_bold.nii.gz")).hasBinaryContent(large);
            assertThat(strictDir.resolve("README")).hasSameBinaryContentAs(sourceDir.resolve("README"));
        }
    }

    /** Each object fails with one line after two attempts at its first GET, the budget for an endpoint that does not answer. */
    private void assertEachObjectFailsPlainly(String how, BucketLocation deadSource) {
        List<CopyItem> items = List.of(new CopyItem("README", BATCH.get("README")),
                new CopyItem("sub-01/ses-01/func/run-02_bold.nii.gz", BATCH.get("sub-01/ses-01/func/run-02_bold.nii.gz")));

        BatchResult result = copy(deadSource, otherMirror, items);

        System.out.printf("dead source, %s: %d objects failed after %.1f s: %s%n", how, result.failed().size(), lastCopySeconds, result.failed());
        assertThat(result.copied()).isZero();
        assertThat(result.pending()).isEmpty();
        assertThat(result.failed()).extracting(FailedCopy::key).containsExactly("README", "sub-01/ses-01/func/run-02_bold.nii.gz");
        assertThat(result.failed()).extracting(FailedCopy::error).allSatisfy(error -> assertThat(error).isNotBlank().doesNotContain("\n"));
        assertThat(result.s3Requests()).containsEntry("GetObject", 4L); // two attempts each, where a busy store gets eight
        assertThat(otherMirrorDir).isEmptyDirectory();
    }

    private BatchResult copy(BucketLocation from, BucketLocation to) {
        return copy(from, to, BATCH.entrySet().stream().map(object -> new CopyItem(object.getKey(), object.getValue())).toList());
    }

    /** A batch copied as the copy function copies it, with this test's part size; how long the copy took is in {@link #lastCopySeconds}. */
    private BatchResult copy(BucketLocation from, BucketLocation to, List<CopyItem> items) {
        RequestCounter requests = new RequestCounter();
        try (S3ObjectStore source = S3ObjectStore.builder(from).requests(requests).build();
                S3ObjectStore mirror = S3ObjectStore.builder(to).requests(requests).singlePartLimit(PART).partSize(PART).streamPartSize(PART).build()) {
            BatchCopier copier = new BatchCopier(source, mirror, requests, PARALLELISM, Clock.systemUTC());
            long started = System.nanoTime();
            BatchResult result = copier.copy(items, Deadline.none(), () -> true, CopyProgress.NONE);
            lastCopySeconds = (System.nanoTime() - started) / 1e9;
            return result;
        }
    }

    private void assertEveryObjectCopied(BatchResult result, Path mirrorRoot) throws IOException {
        assertThat(result.failed()).isEmpty();
        assertThat(result.denied()).isEmpty();
        assertThat(result.pending()).isEmpty();
        assertThat(result.copied()).isEqualTo(BATCH.size());
        assertThat(result.bytesCopied()).isEqualTo(BATCH.values().stream().mapToLong(Long::longValue).sum());
        for (String key : BATCH.keySet()) {
            assertThat(mirrorRoot.resolve(key)).as(key).hasSameBinaryContentAs(sourceDir.resolve(key));
        }
    }

    private void report(String path, double rate, long seed, FaultyProxy proxy, BatchResult result) {
        System.out.printf("%s, %.0f%% faulty (seed %d): %d requests through the proxy, %d faults injected %s; %d copied, %d failed in %.1f s;"
                        + " S3 requests sent %s%n", path, rate * 100, seed, proxy.requests(), proxy.injectedTotal(), proxy.injected(),
                result.copied(), result.failed().size(), lastCopySeconds, result.s3Requests());
    }

    /** Objects on both sides of the part size: empty, small, exactly one part, one byte over, several parts; enough for a few dozen faults. */
    private static Map<String, Long> batch() {
        Map<String, Long> batch = new LinkedHashMap<>();
        batch.put("README", 1_000L);
        batch.put("dataset_description.json", 0L);
        batch.put("participants.tsv", 70_000L);
        for (int roi = 1; roi <= 100; roi++) {
            batch.put("derivatives/rois/sub-01/roi-" + roi + "_mask.nii.gz", 100L * roi * roi);
        }
        batch.put("sub-01/ses-01/func/run-01_bold.nii.gz", PART);
        batch.put("sub-01/ses-01/func/run-02_bold.nii.gz", PART + 1);
        batch.put("sub-01/ses-02/func/run-01_bold.nii.gz", 3 * PART + 12_345);
        return batch;
    }

    private byte[] write(String key, long size) throws IOException {
        byte[] body = new byte[Math.toIntExact(size)];
        new Random(key.hashCode()).nextBytes(body);
        Path file = sourceDir.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, body);
        return body;
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}

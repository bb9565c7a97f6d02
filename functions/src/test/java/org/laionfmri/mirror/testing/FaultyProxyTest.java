package org.laionfmri.mirror.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.testing.DirectoryBuckets;

/** The proxy the fault tier copies through: what it forwards arrives whole, and its faults follow its seed. */
class FaultyProxyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path bucket;
    private DirectoryBuckets store;

    @BeforeEach
    void serve() throws IOException {
        Files.writeString(bucket.resolve("README"), "a dataset\n".repeat(1_000));
        store = DirectoryBuckets.start();
        store.serve("bucket", bucket);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void forwardsAChunkedBodyWholeAndClosesTheConnectionAfterEachAnswer() throws Exception {
        byte[] body = "sent in chunks\n".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        try (FaultyProxy proxy = FaultyProxy.start(store.endpoint(), 0, 1)) {
            // a body of unknown length goes chunked
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(object(proxy, "chunked.txt"))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(object(proxy, "chunked.txt")).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(Files.readAllBytes(bucket.resolve("chunked.txt"))).isEqualTo(body);
            assertThat(get.body()).isEqualTo(body);
            assertThat(get.headers().firstValue("connection")).hasValue("close");
            assertThat(proxy.requests()).isEqualTo(2);
            assertThat(proxy.injectedTotal()).isZero();
        }
    }

    @Test
    void theSameSeedBreaksTheSameRequestsTheSameWay() throws Exception {
        Map<FaultyProxy.Fault, Integer> first = faultsOfTwentyReads(42);

        assertThat(faultsOfTwentyReads(42)).isEqualTo(first);
        assertThat(first).allSatisfy((fault, count) -> assertThat(count).as(fault.name()).isPositive());
    }

    /** The faults of twenty reads in turn at a rate of 1: every request the proxy receives breaks. */
    private Map<FaultyProxy.Fault, Integer> faultsOfTwentyReads(long seed) throws InterruptedException {
        try (FaultyProxy proxy = FaultyProxy.start(store.endpoint(), 1, seed)) {
            for (int i = 0; i < 20; i++) {
                try {
                    HTTP.send(HttpRequest.newBuilder(object(proxy, "README")).build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException broken) {
                    // a reset or a body cut short: what the proxy is for
                }
            }
            assertThat(proxy.injectedTotal()).isEqualTo(proxy.requests());
            return proxy.injected();
        }
    }

    private static URI object(FaultyProxy proxy, String key) {
        return proxy.endpoint().resolve("/bucket/" + key);
    }
}

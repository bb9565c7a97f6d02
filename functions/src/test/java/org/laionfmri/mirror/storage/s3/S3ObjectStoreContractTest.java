package org.laionfmri.mirror.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.ObjectStoreContract;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import org.laionfmri.mirror.testing.Utf8KeyOrder;

/**
 * The S3 backend passes the contract on a real S3 API: S3Proxy, listing in S3's order ({@link
 * Utf8KeyOrder}), each store a bucket of one endpoint.
 */
class S3ObjectStoreContractTest extends ObjectStoreContract {

    @TempDir
    static Path workspace;
    private static DirectoryBuckets buckets;
    private static final AtomicInteger STORES = new AtomicInteger();

    @BeforeAll
    static void serve() {
        buckets = DirectoryBuckets.builder().middleware(Utf8KeyOrder::new).start();
    }

    @AfterAll
    static void stop() {
        buckets.close();
    }

    @Override
    protected ObjectStore newStore() {
        String bucket = "store-" + STORES.incrementAndGet();
        try {
            return S3ObjectStore.builder(buckets.serve(bucket, Files.createDirectory(workspace.resolve(bucket)))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.laionfmri.mirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.laionfmri.mirror.testing.LocalDynamo;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import software.amazon.awssdk.regions.Region;

/** The embedded stack: both buckets served from folders by S3Proxy with S3's faults injectable, the table on dynalite. */
record EmbeddedStack(DirectoryBuckets buckets, FaultyStore store, BucketLocation source, BucketLocation mirror, LocalDynamo dynamo)
        implements StackBackend {

    static EmbeddedStack start(Path workspace, long singlePartLimit) {
        try {
            FaultyStore[] store = new FaultyStore[1];
            DirectoryBuckets buckets = DirectoryBuckets.builder().maxSinglePartObjectSize(singlePartLimit)
                    .middleware(filesystem -> store[0] = new FaultyStore(filesystem, singlePartLimit)).start();
            BucketLocation source = buckets.serve("source", Files.createDirectories(workspace.resolve("source")));
            BucketLocation mirror = buckets.serve("mirror", Files.createDirectories(workspace.resolve("mirror")));
            return new EmbeddedStack(buckets, store[0], source, mirror, LocalDynamo.start(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public URI tableEndpoint() {
        return dynamo.endpoint();
    }

    @Override
    public Region region() {
        return Region.US_EAST_1;
    }

    @Override
    public Optional<FaultyStore> faults() {
        return Optional.of(store);
    }

    @Override
    public void close() {
        dynamo.close();
        buckets.close();
    }

    @Override
    public String toString() {
        return "the embedded stack (S3Proxy, dynalite)";
    }
}

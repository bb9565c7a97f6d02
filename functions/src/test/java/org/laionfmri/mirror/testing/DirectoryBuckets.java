package org.laionfmri.mirror.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import software.amazon.awssdk.regions.Region;

/**
 * A test's S3: directories served as buckets on a loopback port through S3Proxy's filesystem store, so
 * the S3 backend is tested against a real S3 API; a bucket's keys are its directory's files' relative
 * paths. Each directory is linked into a private root under a fixed bucket name, so any directory name
 * works.
 */
public final class DirectoryBuckets implements AutoCloseable {

    private static final Region LOCAL_REGION = Region.US_EAST_1;

    private final Path root;
    private final S3Proxy proxy;
    private final URI endpoint;

    private DirectoryBuckets(Path root, S3Proxy proxy) {
        this.root = root;
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Starts the server on a free loopback port. */
    public static DirectoryBuckets start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Serves {@code directory}, which must exist, as bucket {@code bucket}; returns where to reach it. */
    public BucketLocation serve(String bucket, Path directory) {
        try {
            Files.createSymbolicLink(root.resolve(bucket), directory.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve " + directory + " as bucket " + bucket, e);
        }
        return new BucketLocation(bucket, "", endpoint, LOCAL_REGION, true);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Stops the server and removes the links; the served directories are left as they are. */
    @Override
    public void close() {
        try {
            proxy.stop();
            try (var links = Files.list(root)) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
            Files.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the local S3 server: " + e.getMessage(), e);
        }
    }

    /** Options of the server, for tests that need S3's limits or faults. */
    public static final class Builder {
        private long maxSinglePartObjectSize = 5L << 30;
        private UnaryOperator<BlobStore> middleware = UnaryOperator.identity();
        private boolean ignoreUnknownHeaders = true;

        private Builder() {}

        /** The largest object a single PutObject may store (S3: 5 GiB). */
        public Builder maxSinglePartObjectSize(long bytes) {
            this.maxSinglePartObjectSize = bytes;
            return this;
        }

        /** Wraps the filesystem store, e.g. in an S3Proxy {@code ForwardingBlobStore} that injects faults. */
        public Builder middleware(UnaryOperator<BlobStore> middleware) {
            this.middleware = middleware;
            return this;
        }

        /**
         * Whether headers S3Proxy does not know are ignored (the default: newer SDK headers, such as the
         * multipart client's x-amz-mp-object-size on CompleteMultipartUpload) or refused with 501
         * NotImplemented, as a stock S3Proxy refuses them.
         */
        public Builder ignoreUnknownHeaders(boolean ignore) {
            this.ignoreUnknownHeaders = ignore;
            return this;
        }

        public DirectoryBuckets start() {
            try {
                Path root = Files.createTempDirectory("laion-mirror-test-buckets-");
                S3Proxy proxy = S3Proxy.builder()
                        .blobStore(middleware.apply(new FilesystemNio2BlobStore(root.toString())))
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .maxSinglePartObjectSize(maxSinglePartObjectSize)
                        .ignoreUnknownHeaders(ignoreUnknownHeaders)
                        .build();
                proxy.start();
                return new DirectoryBuckets(root, proxy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the local S3 server: " + e.getMessage(), e);
            }
        }
    }
}

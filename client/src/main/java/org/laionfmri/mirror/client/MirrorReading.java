package org.laionfmri.mirror.client;

import org.laionfmri.mirror.client.deployment.Store;
import org.laionfmri.mirror.handlers.MirrorConfig;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.MirrorBucket;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3Clients;
import org.laionfmri.mirror.storage.s3.S3ObjectListing;
import org.laionfmri.mirror.testing.DirectoryBuckets;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/** One store opened for reading through S3: a bucket, or a directory served as one while this is open. */
final class MirrorReading implements AutoCloseable {

    private final DirectoryBuckets directories;
    private final S3Client s3;
    private final S3AsyncClient uploads;
    private final BucketLocation location;

    private MirrorReading(DirectoryBuckets directories, S3Client s3, S3AsyncClient uploads, BucketLocation location) {
        this.directories = directories;
        this.s3 = s3;
        this.uploads = uploads;
        this.location = location;
    }

    static MirrorReading of(Store store) {
        return of(store, "mirror", new RequestCounter());
    }

    /** Opens {@code store}; a directory is served as the bucket {@code name}; requests are counted by {@code requests}. */
    static MirrorReading of(Store store, String name, RequestCounter requests) {
        DirectoryBuckets directories = store instanceof Store.Directory ? DirectoryBuckets.start() : null;
        try {
            BucketLocation location = store instanceof Store.Directory directory ? directories.serve(name, directory.path())
                    : ((Store.Bucket) store).location();
            // reads only: the multipart client MirrorBucket takes for uploads is never used
            return new MirrorReading(directories, S3Clients.create(location, requests),
                    S3Clients.createMultipart(location, requests, MirrorConfig.DEFAULT_PART_SIZE), location);
        } catch (RuntimeException failure) {
            if (directories != null) {
                directories.close();
            }
            throw failure;
        }
    }

    ObjectListing listing() {
        return new S3ObjectListing(s3, location);
    }

    MirrorBucket bucket() {
        return new MirrorBucket(s3, uploads, location);
    }

    @Override
    public void close() {
        s3.close();
        uploads.close();
        if (directories != null) {
            directories.close();
        }
    }
}

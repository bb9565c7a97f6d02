package org.laionfmri.mirror.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import org.laionfmri.mirror.storage.S3ObjectListing;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;
import software.amazon.awssdk.services.s3.S3Client;

/** The source and the mirror, opened for listing; directories are served over S3 for as long as this is open. */
final class OpenStorage implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RequestCounter requests = new RequestCounter();
    private DirectoryBuckets directoryBuckets;
    final ObjectListing source;
    final ObjectListing mirror;

    OpenStorage(StorageOptions options) {
        BucketLocation sourceBucket = options.sourceBucket();
        BucketLocation destBucket = options.destBucket();
        Path sourceDirectory = sourceBucket == null ? options.sourceDirectory() : null;
        Path destDirectory = destBucket == null ? options.destDirectory() : null;
        try {
            source = listing(sourceBucket != null ? sourceBucket : directoryBuckets().serve("source", sourceDirectory));
            if (destBucket != null) {
                mirror = listing(destBucket);
            } else {
                mirror = destDirectory == null ? ObjectListing.empty() : listing(directoryBuckets().serve("mirror", destDirectory));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    RequestCounter requests() {
        return requests;
    }

    private ObjectListing listing(BucketLocation location) {
        S3Client s3 = S3Clients.create(location, requests);
        resources.add(s3);
        return new S3ObjectListing(s3, location);
    }

    private DirectoryBuckets directoryBuckets() {
        if (directoryBuckets == null) {
            directoryBuckets = DirectoryBuckets.start();
            resources.add(directoryBuckets);
        }
        return directoryBuckets;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            AutoCloseable resource = resources.get(i);
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close " + resource + ": " + e.getMessage(), e);
            }
        }
        resources.clear();
    }
}

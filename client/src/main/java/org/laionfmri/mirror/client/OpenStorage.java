package org.laionfmri.mirror.client;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.laionfmri.mirror.client.deployment.Store;
import org.laionfmri.mirror.storage.BucketLocation;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.RequestCounter;
import org.laionfmri.mirror.storage.S3Clients;
import org.laionfmri.mirror.storage.S3ObjectListing;
import org.laionfmri.mirror.storage.local.DirectoryBuckets;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A source and a mirror opened for listing only; directories are served over S3 while this is open, and
 * a mirror directory that does not exist yet is an empty mirror (nothing is made).
 */
final class OpenStorage implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RequestCounter requests = new RequestCounter();
    private DirectoryBuckets directoryBuckets;
    final ObjectListing source;
    final ObjectListing mirror;

    /** The source alone, for a look at what it holds. */
    OpenStorage(Store source) {
        this(source, null);
    }

    /** The source and the mirror; a null mirror is not listed. */
    OpenStorage(Store source, Store mirror) {
        try {
            this.source = listing("source", source);
            this.mirror = mirror == null || mirror instanceof Store.Directory directory && !Files.isDirectory(directory.path())
                    ? ObjectListing.empty() : listing("mirror", mirror);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    RequestCounter requests() {
        return requests;
    }

    /** A listing of {@code store}; a directory is served as the bucket {@code name}. */
    private ObjectListing listing(String name, Store store) {
        BucketLocation location = store instanceof Store.Directory directory
                ? directoryBuckets().serve(name, directory.path())
                : ((Store.Bucket) store).location();
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

package org.laionfmri.mirror.local;

import java.nio.file.Path;
import org.laionfmri.mirror.local.files.FileObjectStore;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.BucketLocation;
import org.laionfmri.mirror.storage.s3.RequestCounter;
import org.laionfmri.mirror.storage.s3.S3ObjectStore;

/** Where a source or a mirror is, as this machine reaches it: a directory, or an S3 location. */
public sealed interface Store permits Store.Directory, Store.Bucket {

    /**
     * The store opened: a directory read and written directly, a bucket through S3 with its requests
     * counted by {@code requests}; {@code bucketName} names a directory to the workflow engine.
     */
    ObjectStore open(String bucketName, RequestCounter requests);

    /** A local directory, whose keys are its files' relative paths. */
    record Directory(Path path) implements Store {
        @Override
        public ObjectStore open(String bucketName, RequestCounter requests) {
            return FileObjectStore.of(path, bucketName);
        }
    }

    /** A bucket (with a prefix) on AWS or an S3-compatible endpoint. */
    record Bucket(BucketLocation location) implements Store {
        @Override
        public ObjectStore open(String bucketName, RequestCounter requests) {
            return S3ObjectStore.builder(location).requests(requests).build();
        }
    }
}

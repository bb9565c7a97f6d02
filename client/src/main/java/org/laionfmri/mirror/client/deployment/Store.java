package org.laionfmri.mirror.client.deployment;

import java.nio.file.Path;
import org.laionfmri.mirror.storage.s3.BucketLocation;

/** Where a source or a mirror is on this machine's reach: a directory (served as a bucket) or an S3 location. */
public sealed interface Store permits Store.Directory, Store.Bucket {

    /** A local directory, whose keys are its files' relative paths. */
    record Directory(Path path) implements Store {}

    /** A bucket (with a prefix) on AWS or an S3-compatible endpoint. */
    record Bucket(BucketLocation location) implements Store {}
}

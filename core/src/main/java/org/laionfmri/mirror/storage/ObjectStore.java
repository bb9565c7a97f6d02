package org.laionfmri.mirror.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laionfmri.mirror.copy.Transfer;

/**
 * Where objects live, by key relative to the store's root: a bucket (or a prefix of one) on S3 or any
 * S3-compatible endpoint, or a directory on this machine. The port every step reads and writes through;
 * each backend passes the same contract suite. Listings come in {@link KeyOrder}; every write is whole
 * or nothing (an object is either absent, as it was, or complete); a key that cannot name an object in
 * this store (a directory's {@code ..} segment) is refused with the key named ({@link
 * org.laionfmri.mirror.error.UnsafeKey}).
 */
public interface ObjectStore extends ObjectListing, AutoCloseable {

    /** The store as people name it: {@code s3://bucket/prefix/ at http://host:port}, or a directory's path. */
    String describe();

    /** Where the workflow engine finds this store's objects (the Distributed Map reads the plan and writes results there). */
    StoreAddress address();

    /**
     * What listing this store noticed and left out, one line each for people: a directory's symbolic
     * links and special files, which are not objects. None on S3.
     */
    default List<String> warnings() {
        return List.of();
    }

    /** What the store says of an object, empty when there is none. */
    Optional<StoredObject> head(String key);

    /**
     * Opens an object for reading, whole.
     *
     * @throws NoSuchObject when there is none
     */
    InputStream read(String key);

    /**
     * Opens an object to be copied into another store, as it was planned: {@code expectedSize} bytes.
     *
     * @throws SourceChanged when it is no longer that size
     * @throws NoSuchObject when it is gone
     */
    SourceObject openSource(String key, long expectedSize);

    /** Stores {@code body} whole under {@code key}, replacing what was there. */
    void put(String key, byte[] body, String contentType);

    /**
     * Starts a write of unknown length (a download, a plan) with user metadata the store keeps beside the
     * object ({@link StoredObject#metadata()}); the object appears only when the upload is committed.
     */
    ObjectUpload upload(String key, Map<String, String> metadata);

    /** Removes an object; a missing one is no error. */
    void delete(String key);

    /**
     * Proves the store takes writes as the copies will make them: an object written under {@code
     * probeKey}, read back and removed.
     *
     * @throws org.laionfmri.mirror.error.MirrorNotWritable naming the store and what refused
     */
    void proveWritable(String probeKey);

    /**
     * How objects of {@code source} are copied into this store: server-side where the two are one store
     * (one S3 endpoint, or two directories), else streamed through this process. At most {@code
     * parallelism} copies run at once.
     */
    Transfer transferFrom(ObjectStore source, int parallelism);

    /** Releases the store's clients; the objects stay. */
    @Override
    void close();
}

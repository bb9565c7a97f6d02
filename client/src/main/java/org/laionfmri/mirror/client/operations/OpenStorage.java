package org.laionfmri.mirror.client.operations;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.laionfmri.mirror.local.Store;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.ObjectStore;
import org.laionfmri.mirror.storage.s3.RequestCounter;

/**
 * A source and a mirror opened for reading, their S3 requests counted; a mirror directory that does
 * not exist yet is an empty mirror (nothing is made).
 */
final class OpenStorage implements AutoCloseable {

    private final RequestCounter sourceRequests = new RequestCounter();
    private final RequestCounter mirrorRequests = new RequestCounter();
    final ObjectStore source;
    private final ObjectStore mirrorStore;
    final ObjectListing mirror;

    /** The source alone, for a look at what it holds. */
    OpenStorage(Store source) {
        this(source, null);
    }

    /** The source and the mirror; a null mirror is not listed. */
    OpenStorage(Store source, Store mirror) {
        this.source = source.open("source", sourceRequests);
        boolean empty = mirror == null || mirror instanceof Store.Directory directory && !Files.isDirectory(directory.path());
        this.mirrorStore = empty ? null : mirror.open("mirror", mirrorRequests);
        this.mirror = mirrorStore == null ? ObjectListing.empty() : mirrorStore;
    }

    /** The S3 requests sent to both stores so far, by operation. */
    Map<String, Long> requests() {
        Map<String, Long> both = new TreeMap<>(sourceRequests.snapshot());
        mirrorRequests.snapshot().forEach((operation, count) -> both.merge(operation, count, Long::sum));
        return both;
    }

    /** Those sent to the mirror: what its owner pays for (the public source is read anonymously, billed to its owner). */
    Map<String, Long> mirrorRequests() {
        return mirrorRequests.snapshot();
    }

    /** The mirror's store; only for a mirror that exists. */
    ObjectStore mirrorStore() {
        return mirrorStore;
    }

    @Override
    public void close() {
        if (mirrorStore != null) {
            mirrorStore.close();
        }
        source.close();
    }
}

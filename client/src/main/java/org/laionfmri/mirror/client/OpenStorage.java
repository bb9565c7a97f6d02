package org.laionfmri.mirror.client;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.laionfmri.mirror.client.deployment.Store;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.RequestCounter;

/**
 * A source and a mirror opened for listing only; a mirror directory that does not exist yet is an
 * empty mirror (nothing is made).
 */
final class OpenStorage implements AutoCloseable {

    private final RequestCounter sourceRequests = new RequestCounter();
    private final RequestCounter mirrorRequests = new RequestCounter();
    private final MirrorReading sourceStore;
    private final MirrorReading mirrorStore;
    final ObjectListing source;
    final ObjectListing mirror;

    /** The source alone, for a look at what it holds. */
    OpenStorage(Store source) {
        this(source, null);
    }

    /** The source and the mirror; a null mirror is not listed. */
    OpenStorage(Store source, Store mirror) {
        this.sourceStore = MirrorReading.of(source, "source", sourceRequests);
        boolean empty = mirror == null || mirror instanceof Store.Directory directory && !Files.isDirectory(directory.path());
        try {
            this.mirrorStore = empty ? null : MirrorReading.of(mirror, "mirror", mirrorRequests);
        } catch (RuntimeException e) {
            sourceStore.close();
            throw e;
        }
        this.source = sourceStore.listing();
        this.mirror = mirrorStore == null ? ObjectListing.empty() : mirrorStore.listing();
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

    @Override
    public void close() {
        if (mirrorStore != null) {
            mirrorStore.close();
        }
        sourceStore.close();
    }
}

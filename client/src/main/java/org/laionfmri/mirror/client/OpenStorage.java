package org.laionfmri.mirror.client;

import java.nio.file.Files;
import org.laionfmri.mirror.client.deployment.Store;
import org.laionfmri.mirror.storage.ObjectListing;
import org.laionfmri.mirror.storage.s3.RequestCounter;

/**
 * A source and a mirror opened for listing only; a mirror directory that does not exist yet is an
 * empty mirror (nothing is made).
 */
final class OpenStorage implements AutoCloseable {

    private final RequestCounter requests = new RequestCounter();
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
        this.sourceStore = MirrorReading.of(source, "source", requests);
        boolean empty = mirror == null || mirror instanceof Store.Directory directory && !Files.isDirectory(directory.path());
        try {
            this.mirrorStore = empty ? null : MirrorReading.of(mirror, "mirror", requests);
        } catch (RuntimeException e) {
            sourceStore.close();
            throw e;
        }
        this.source = sourceStore.listing();
        this.mirror = mirrorStore == null ? ObjectListing.empty() : mirrorStore.listing();
    }

    RequestCounter requests() {
        return requests;
    }

    @Override
    public void close() {
        if (mirrorStore != null) {
            mirrorStore.close();
        }
        sourceStore.close();
    }
}

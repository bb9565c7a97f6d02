package org.laionfmri.mirror.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object being copied out of its store, as planned: each {@link #range} reads bytes of the same
 * object (one that changed since it was opened is {@link SourceChanged}), and a range whose stream
 * broke off can be read again.
 */
public interface SourceObject extends AutoCloseable {

    /** The object's size, as planned. */
    long size();

    /**
     * Bytes {@code [offset, offset + length)}.
     *
     * @throws SourceChanged when the object is no longer the one opened
     */
    InputStream range(long offset, long length) throws IOException;

    @Override
    void close();
}
